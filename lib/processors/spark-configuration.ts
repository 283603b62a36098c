/**
 * One entry of the Spark/Hadoop configuration list, in the shape of EMR's application
 * configuration (https://docs.aws.amazon.com/emr/latest/ReleaseGuide/emr-configure-apps.html),
 * which the SageMaker Spark container reads from `/opt/ml/processing/input/conf/configuration.json`.
 */
export interface SparkConfiguration {
  /** The classification, e.g. `spark-defaults`, `spark-env`, `core-site`. */
  readonly classification: string;
  /** The properties of the classification. @default - none (an empty object) */
  readonly properties?: { [key: string]: string };
  /** Nested configurations, e.g. `export` under `spark-env`. @default - none */
  readonly configurations?: SparkConfiguration[];
}

/** Classifications the SDK accepts (sagemaker/spark/processing.py `SparkConfigUtils._valid_configuration_classifications`). */
export const SPARK_CONFIGURATION_CLASSIFICATIONS = [
  'core-site', 'hadoop-env', 'hadoop-log4j', 'hive-env', 'hive-log4j', 'hive-exec-log4j', 'hive-site', 'spark-defaults',
  'spark-env', 'spark-log4j', 'spark-hive-site', 'spark-metrics', 'yarn-env', 'yarn-site', 'export',
];

/** Checks classifications (recursively); returns the problems, each naming the entry. */
export function validateSparkConfiguration(configuration: SparkConfiguration[], where: string = 'configuration'): string[] {
  const problems: string[] = [];
  configuration.forEach((c, i) => {
    if (!SPARK_CONFIGURATION_CLASSIFICATIONS.includes(c.classification)) {
      problems.push(`${where}[${i}].classification '${c.classification}' is not one of ${SPARK_CONFIGURATION_CLASSIFICATIONS.join(', ')}`);
    }
    if (c.configurations) problems.push(...validateSparkConfiguration(c.configurations, `${where}[${i}].configurations`));
  });
  return problems;
}

/** The configuration as the SDK uploads it: EMR keys, serialized like Python's `json.dumps`. */
export function renderSparkConfiguration(configuration: SparkConfiguration[]): string {
  return pythonJsonDumps(configuration.map(toEmr));
}

interface EmrConfiguration {
  Classification: string;
  Properties: { [key: string]: string };
  Configurations?: EmrConfiguration[];
}

function toEmr(c: SparkConfiguration): EmrConfiguration {
  return {
    Classification: c.classification,
    Properties: c.properties ?? {},
    ...(c.configurations ? { Configurations: c.configurations.map(toEmr) } : {}),
  };
}

/** JSON with Python's default separators (`, ` and `: `), so the uploaded file is byte-identical to the SDK's. */
function pythonJsonDumps(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${pythonJsonDumps(v)}`).join(', ')}}`;
  }
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
