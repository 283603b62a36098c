import { Token } from 'aws-cdk-lib';

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
  /**
   * Nested configurations: the `export` entries of a `*-env` classification (`spark-env`,
   * `hadoop-env`, `hive-env`, `yarn-env`, which need at least one), whose properties become the
   * `export` lines of its script. No other classification takes any (the Spark container ignores them).
   * @default - none
   */
  readonly configurations?: SparkConfiguration[];
}

/** Classifications the SDK accepts (sagemaker/spark/processing.py `SparkConfigUtils._valid_configuration_classifications`). */
export const SPARK_CONFIGURATION_CLASSIFICATIONS = [
  'core-site', 'hadoop-env', 'hadoop-log4j', 'hive-env', 'hive-log4j', 'hive-exec-log4j', 'hive-site', 'spark-defaults',
  'spark-env', 'spark-log4j', 'spark-hive-site', 'spark-metrics', 'yarn-env', 'yarn-site', 'export',
];

/**
 * The classifications whose file is a shell script of `export` lines, each taken from an `export`
 * entry of their `configurations` (aws/sagemaker-spark-container 7d90eeb, src/smspark/config.py
 * `env_serializer` and `Configuration.__post_init__`: "'env' classifications require a sub-configuration").
 */
const ENV_CLASSIFICATIONS = ['hadoop-env', 'hive-env', 'spark-env', 'yarn-env'];
const EXPORT = 'export';

/**
 * The classifications the Spark container writes as Hadoop XML `<property>` elements, each name and
 * value as it is, unescaped (aws/sagemaker-spark-container src/smspark/config.py `xml_serializer`).
 */
const XML_CLASSIFICATIONS = ['core-site', 'hive-site', 'spark-hive-site', 'yarn-site'];
/** What XML text may not hold as it is (XML 1.0 section 2.4): '<', and '&' that starts no predefined or character reference. */
const XML_TEXT_PROBLEM = /<|&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);)/;

/**
 * Checks the configuration as the SDK does (the classifications of `SparkConfigUtils`), and as the
 * Spark container reads it when the job starts (aws/sagemaker-spark-container src/smspark/config.py):
 * a `*-env` classification needs `export` entries under `configurations` and nothing else there;
 * `export` stands only there; any other classification has no file for `configurations` (the
 * container ignores them). Returns the problems, each naming the entry.
 */
export function validateSparkConfiguration(configuration: SparkConfiguration[], where: string = 'configuration'): string[] {
  const problems: string[] = [];
  configuration.forEach((c, i) => {
    const at = `${where}[${i}]`;
    if (Token.isUnresolved(c.classification)) return;
    if (!SPARK_CONFIGURATION_CLASSIFICATIONS.includes(c.classification)) {
      problems.push(`${at}.classification '${c.classification}' is not one of ${SPARK_CONFIGURATION_CLASSIFICATIONS.join(', ')}`);
      return;
    }
    problems.push(...(XML_CLASSIFICATIONS.includes(c.classification) ? xmlTextProblems(c, at) : lineTextProblems(c, at, c.classification)));
    const nested = c.configurations ?? [];
    if (c.classification === EXPORT) {
      problems.push(`${at}.classification 'export' stands only under the configurations of ${ENV_CLASSIFICATIONS.join(', ')}, ` +
        `e.g. { classification: 'spark-env', configurations: [{ classification: 'export', properties: { PYSPARK_PYTHON: '/usr/bin/python3' } }] }` +
        (nested.length > 0 ? '; and it takes no configurations of its own' : ''));
    } else if (ENV_CLASSIFICATIONS.includes(c.classification)) {
      if (nested.length === 0) {
        problems.push(`${at} '${c.classification}' needs configurations with an 'export' entry, whose properties become the export lines of its script ` +
          `(the Spark container refuses an env classification without one: "'env' classifications require a sub-configuration")`);
      }
      nested.forEach((n, j) => {
        if (Token.isUnresolved(n.classification)) return;
        if (!SPARK_CONFIGURATION_CLASSIFICATIONS.includes(n.classification)) {
          problems.push(`${at}.configurations[${j}].classification '${n.classification}' is not one of ${SPARK_CONFIGURATION_CLASSIFICATIONS.join(', ')}`);
        } else if (n.classification !== EXPORT) {
          problems.push(`${at}.configurations[${j}].classification '${n.classification}' under '${c.classification}' must be 'export' ` +
            '(the Spark container writes only export entries into an env script, and refuses any other)');
        } else if ((n.configurations ?? []).length > 0) {
          problems.push(`${at}.configurations[${j}] 'export' takes no configurations of its own; the Spark container would ignore them`);
        } else {
          problems.push(...lineTextProblems(n, `${at}.configurations[${j}]`, c.classification));
        }
      });
    } else if (nested.length > 0) {
      problems.push(`${at} '${c.classification}' takes no configurations (the Spark container writes only its properties, and would ignore ` +
        `${nested.length} nested entr${nested.length > 1 ? 'ies' : 'y'}); give them as properties, or as entries of their own`);
    }
  });
  return problems;
}

/** The property names and values the container would write into XML that Hadoop cannot read. */
function xmlTextProblems(c: SparkConfiguration, at: string): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(c.properties ?? {})) {
    for (const [what, text] of [['name', name], ['value', value]] as const) {
      if (typeof text !== 'string' || Token.isUnresolved(text)) continue;
      const bad = XML_TEXT_PROBLEM.exec(text)?.[0];
      if (bad === undefined) continue;
      problems.push(`${at}.properties['${name}'] ${what} '${text}' has '${bad}', which the Spark container writes into the XML of '${c.classification}' ` +
        `as it is (unescaped), where Hadoop cannot read it at start; write it as ${bad === '<' ? '&lt;' : '&amp;'}`);
    }
  }
  return problems;
}

/**
 * The properties the container would write wrongly into a file of one property a line (`key value`,
 * `key=value`, `export key=value`; smspark/config.py `conf_serializer`, `properties_serializer`,
 * `env_serializer`): a line break in a name or value starts another property, and whitespace in a
 * name splits it.
 */
function lineTextProblems(c: SparkConfiguration, at: string, file: string): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(c.properties ?? {})) {
    if (!Token.isUnresolved(name) && /\s/.test(name)) {
      problems.push(`${at}.properties['${name}'] name has whitespace, which the Spark container writes into the one-line-a-property file of ` +
        `'${file}' as it is, where it splits the name; give the property's name`);
    } else if (typeof value === 'string' && !Token.isUnresolved(value) && /[\n\r]/.test(value)) {
      problems.push(`${at}.properties['${name}'] value has a line break, which the Spark container writes into the one-line-a-property file of ` +
        `'${file}' as it is, where the next line is read as another property; give the value on one line`);
    }
  }
  return problems;
}

/**
 * The `export` entries whose value the container's `export KEY=VALUE` line would cut at the first
 * whitespace (smspark/config.py `env_serializer` writes the value as it is; bash exports the first
 * word and refuses the rest as names): values with whitespace and no quotes around them.
 */
export function unquotedExportValues(configuration: SparkConfiguration[]): string[] {
  const found: string[] = [];
  configuration.forEach((c, i) => (ENV_CLASSIFICATIONS.includes(c.classification) ? c.configurations ?? [] : []).forEach((n, j) => {
    if (n.classification !== EXPORT) return;
    for (const [name, value] of Object.entries(n.properties ?? {})) {
      if (typeof value !== 'string' || Token.isUnresolved(value) || !/\s/.test(value.trim()) || /^(["']).*\1$/s.test(value)) continue;
      found.push(`configuration[${i}].configurations[${j}].properties['${name}'] '${value}' (${c.classification}: export ${name}=${value})`);
    }
  }));
  return found;
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
