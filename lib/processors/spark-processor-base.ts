import * as fs from 'fs';
import * as path from 'path';
import { Token, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { Checks, warnOn } from '../api/checks';
import { S3UploadMode } from '../api/enums';
import { ProcessingInputConfig, ProcessingOutputConfig } from '../api/io-config';
import { runTimeExpressionOf } from '../api/tokens';
import { FIELD, LIMITS } from '../api/limits';
import { MESSAGES } from '../api/messages';
import { CODE_CONTAINER_PATH } from '../code/processing-code';
import { ProcessingImage } from '../image/processing-image';
import { SparkVersion } from '../image/managed-image-versions';
import { ProcessingS3Location } from '../io/processing-s3-location';
import { grantS3Uri } from '../io/s3-location';
import { Processor, ProcessorBindOptions, ProcessorConfig } from './processor';
import { bindScriptCode, codeInput } from './script-processor';
import { renderSparkConfiguration, SparkConfiguration, unquotedExportValues, validateSparkConfiguration } from './spark-configuration';
import { stageNamedFiles } from '../staging/named-files';

// Names and paths of sagemaker/spark/processing.py `_SparkProcessorBase`.
const SPARK_SUBMIT = 'smspark-submit';
const INPUT_BASE = '/opt/ml/processing/input/';
const CONF_INPUT_NAME = 'conf';
const CONF_FILE_NAME = 'configuration.json';
/** Where the Spark container writes event logs (`_spark_event_log_default_local_path`). */
export const SPARK_EVENT_LOGS_LOCAL_PATH = '/opt/ml/processing/spark-events/';

/** Props every Spark processor has. */
export interface SparkProcessorBaseProps {
  /** The Spark version of the SageMaker Spark image. Give this or `image`. @default - none; `image` is used */
  readonly frameworkVersion?: SparkVersion;
  /**
   * The image, e.g. `ProcessingImage.spark(SparkVersion.V3_5, { pyVersion: 'py39', containerVersion: '1.2' })`.
   * @default ProcessingImage.spark(frameworkVersion)
   */
  readonly image?: ProcessingImage;
  /**
   * `spark-submit --jars`: S3 URIs (`s3://`, `s3a://`, passed as they are) or local files (uploaded
   * together under their own names as the input `jars` at `/opt/ml/processing/input/jars`).
   * @default - none
   */
  readonly submitJars?: string[];
  /** `spark-submit --files`: S3 URIs or local files (input `files`), as `submitJars`. @default - none */
  readonly submitFiles?: string[];
  /** Spark/Hadoop configuration, written to the input `conf` as `configuration.json`. @default - the image's defaults */
  readonly configuration?: SparkConfiguration[];
  /**
   * `s3://` URI where Spark event logs are uploaded continuously, for a Spark history server
   * (e.g. the SDK's `start_history_server(spark_event_logs_s3_uri)`); the job role may write there.
   * Give this or `sparkEventLogs`. @default - event logs are not kept
   */
  readonly sparkEventLogsS3Uri?: string;
  /**
   * Where Spark event logs are uploaded continuously, as a location the job role may write:
   * `ProcessingS3Location.fromBucket(bucket, 'spark-events/')` grants put under that prefix only.
   * Give this or `sparkEventLogsS3Uri`. @default - `sparkEventLogsS3Uri`
   */
  readonly sparkEventLogs?: ProcessingS3Location;
}

/** A Spark dependency list as staged: the input (for local files) and the `spark-submit` option value. */
interface StagedDependencies {
  readonly input?: ProcessingInputConfig;
  readonly option: string;
}

/**
 * What PySparkProcessor and SparkJarProcessor share: `smspark-submit`, dependencies, the
 * configuration input and event logs, in the SDK's order (dependency inputs, `conf`, then `code`).
 */
export abstract class SparkProcessorBase extends Processor {
  /** The image. */
  public readonly image: ProcessingImage;
  private readonly eventLogs?: ProcessingS3Location;

  protected constructor(private readonly base: SparkProcessorBaseProps, processorName: string) {
    super();
    if (!base.image && !base.frameworkVersion) {
      throw new Error(`${processorName}: give frameworkVersion (e.g. SparkVersion.V3_5) or image`);
    }
    this.image = base.image ?? ProcessingImage.spark(base.frameworkVersion!);
    if (base.sparkEventLogsS3Uri !== undefined && !Token.isUnresolved(base.sparkEventLogsS3Uri) && !base.sparkEventLogsS3Uri.startsWith('s3://')) {
      // sagemaker/spark/processing.py SparkConfigUtils.validate_s3_uri
      throw new Error(`${processorName}: sparkEventLogsS3Uri '${base.sparkEventLogsS3Uri}' is not an s3:// URI (e.g. s3://bucket-name/folder-name)`);
    }
    if (base.configuration !== undefined && !Array.isArray(base.configuration)) {
      throw new Error(`${processorName}: configuration must be a list of { classification, properties } objects, ` +
        `e.g. [{ classification: 'spark-defaults', properties: { 'spark.executor.memory': '2g' } }]; got ${typeof base.configuration}`);
    }
    if (base.sparkEventLogs !== undefined && base.sparkEventLogsS3Uri !== undefined) {
      throw new Error(`${processorName}: give sparkEventLogs or sparkEventLogsS3Uri, not both (the event-log output)`);
    }
    this.eventLogs = base.sparkEventLogs ?? (base.sparkEventLogsS3Uri !== undefined ? ProcessingS3Location.fromS3Uri(base.sparkEventLogsS3Uri) : undefined);
    const problems = validateSparkConfiguration(base.configuration ?? []);
    if (problems.length > 0) throw new Error(`${processorName}: ${problems.join('; ')}`);
  }

  /** Binds the parts every Spark processor has, around the options of the subclass. */
  protected bindSpark(scope: Construct, options: ProcessorBindOptions, leadingOptions: string[], pyFiles?: string[]): ProcessorConfig {
    const code = bindScriptCode(scope, options, this.constructor.name);
    const command = [SPARK_SUBMIT, ...leadingOptions];
    const inputs: ProcessingInputConfig[] = [];
    const deps: Array<[string, string[] | undefined]> = [['py-files', pyFiles], ['jars', this.base.submitJars], ['files', this.base.submitFiles]];
    for (const [channel, list] of deps) {
      if (list === undefined) continue;
      const staged = stageDependencies(scope, options, channel, list);
      if (staged.input) inputs.push(staged.input);
      if (staged.option) command.push(`--${channel}`, checkOptionLength(scope, channel, staged.option));
    }

    const outputs: ProcessingOutputConfig[] = [];
    if (this.eventLogs !== undefined) {
      command.push('--local-spark-event-logs-dir', SPARK_EVENT_LOGS_LOCAL_PATH);
      // SageMaker uploads the folder as an output: put only.
      this.eventLogs._grant(options.grantee, { write: true }, `${scope.node.path}: sparkEventLogs`);
      // The SDK leaves the output unnamed; `_normalize_outputs` names it `output-<position>`.
      outputs.push({
        outputName: `output-${(options.jobOutputCount ?? 0) + 1}`,
        s3: { s3Uri: this.eventLogs.s3Uri, localPath: SPARK_EVENT_LOGS_LOCAL_PATH, uploadMode: S3UploadMode.CONTINUOUS },
      });
    }

    const unquoted = unquotedExportValues(this.base.configuration ?? []);
    if (unquoted.length > 0) {
      warnOn(scope, 'spark-export-unquoted', `${scope.node.path}: ${unquoted.join('; ')}: the Spark container writes each export line as it is, ` +
        'so bash exports the value up to its first space and refuses the rest; put quotes around the value (\'"-Xmx2g -Dkey=value"\')');
    }
    if (this.base.configuration && this.base.configuration.length > 0) {
      const staged = stageNamedFiles(scope, 'SparkConfiguration', [{ name: CONF_FILE_NAME, content: renderSparkConfiguration(this.base.configuration) }], options.grantee);
      inputs.push(codeInput(staged.objectUris[CONF_FILE_NAME], `${INPUT_BASE}${CONF_INPUT_NAME}`, CONF_INPUT_NAME));
    }
    inputs.push(codeInput(code.s3Uri, CODE_CONTAINER_PATH));

    return {
      image: this.image.bind(scope, options),
      entrypoint: [...command, `${CODE_CONTAINER_PATH}/${code.fileName}`],
      inputs,
      outputs,
    };
  }
}

/** The prop that gives each dependency channel. */
const DEPENDENCY_PROPS: { [channel: string]: string } = { 'py-files': 'submitPyFiles', 'jars': 'submitJars', 'files': 'submitFiles' };

/**
 * The option value is one `ContainerEntrypoint` item, which the API takes up to 256 characters
 * (botocore SageMaker model, `ContainerEntrypointString`): refused naming the prop that made it.
 */
function checkOptionLength(scope: Construct, channel: string, option: string): string {
  const max = LIMITS.entrypoint.maxItemLength;
  if (!Token.isUnresolved(option) && option.length > max) {
    throw new Error(`${scope.node.path}: ${DEPENDENCY_PROPS[channel]} makes the spark-submit --${channel} value '${option}' ${option.length} characters, ` +
      `but each item of ${FIELD.entrypoint} is at most ${max}; give fewer S3 URIs (local files share one input folder and take ` +
      `'${INPUT_BASE}${channel}' only, unless S3 URIs stand beside them), or put the files in one archive`);
  }
  return option;
}

/**
 * An S3 dependency goes into the comma-separated `--<channel>` option as it is: spark-submit would
 * split a URI with a ',' into two files, and a bucket name S3 cannot have fails only when the job
 * runs. Checked with the kit's S3 URI rule (an `s3a://` URI as its `s3://` form).
 */
function checkRemoteDependency(scope: Construct, channel: string, dep: string): void {
  const v = new Checks(scope.node.path);
  if (dep.includes(',')) {
    v.add(`submit ${channel} '${dep}' has a ',', which spark-submit reads as the separator of two files (--${channel} takes a comma-separated list); ` +
      `rename the object, or give it as a local file (${FIELD.entrypoint})`);
  } else {
    const asS3 = dep.replace(/^s3a:/, 's3:');
    const problem = MESSAGES.s3UriProblem(`submit ${channel}`, asS3, FIELD.entrypoint);
    if (problem) v.add(problem.replace(`'${asS3}'`, `'${dep}'`));
  }
  v.throwIfAny();
}

/** The characters that make a Hadoop path a glob pattern (Hadoop `GlobPattern`: `*`, `?`, `[...]`, `{a,b}`). */
const HADOOP_GLOB = /[*?[{]/;

/**
 * Grants the read of one S3 dependency, and nothing beside it. spark-submit expands each entry of
 * `--jars`, `--files` and `--py-files` as a Hadoop glob before it fetches it (Apache Spark
 * SparkSubmit.scala `prepareSubmitEnvironment`, "Resolve glob path for different resources":
 * `resolveGlobPaths`). A plain key is one object: that object only (`key*` would also let the job
 * read `app.jar.bak` or `helpers.py.orig`). A glob (`s3://libs/jars/*.jar`) lists the folder that
 * holds its first wildcard and reads what matches: that folder's objects, since IAM cannot read
 * Hadoop's patterns (granted as written, the `*` would be IAM's literal `*` and match no object).
 * A key ending in `/` stays a prefix.
 */
function grantRemoteDependency(grantee: iam.IGrantable, dep: string): void {
  const uri = dep.replace(/^s3a:/, 's3:');
  const key = uri.replace(/^s3:\/\/[^/]*\/?/, '');
  const glob = key.search(HADOOP_GLOB);
  if (glob >= 0) {
    const folder = key.slice(0, key.lastIndexOf('/', glob) + 1);
    grantS3Uri(grantee, uri.slice(0, uri.length - key.length) + folder, { read: true });
  } else {
    grantS3Uri(grantee, uri, { read: true }, 'an S3 location', !key.endsWith('/'));
  }
}

/**
 * sagemaker/spark/processing.py `_stage_submit_deps`: S3 URIs go into the option as they are; local
 * files are uploaded together and given as the input `<channel>` at `/opt/ml/processing/input/<channel>`,
 * whose path ends the option.
 */
function stageDependencies(scope: Construct, options: ProcessorBindOptions, channel: string, deps: string[]): StagedDependencies {
  if (deps.length === 0) {
    throw new Error(`${scope.node.path}: submit ${channel} is empty; give one or more S3 URIs or local file paths, or leave it out`);
  }
  const remote: string[] = [];
  const local: string[] = [];
  for (const dep of deps) {
    if (Token.isUnresolved(dep)) {
      remote.push(dep);
      // A URI with deploy-time values (`bucket.s3UrlForObject('jars/udf.jar')`) is granted as written; a run-time one is not.
      if (!runTimeExpressionOf(dep) && /^s3a?:\/\//.test(dep)) grantRemoteDependency(options.grantee, dep);
    } else if (/^s3a?:\/\//.test(dep)) {
      checkRemoteDependency(scope, channel, dep);
      remote.push(dep);
      grantRemoteDependency(options.grantee, dep);
    } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(dep) && !dep.startsWith('file://')) {
      throw new Error(`${scope.node.path}: submit ${channel} '${dep}' uses an unsupported scheme; give s3:// or s3a:// URIs or local file paths`);
    } else {
      const file = dep.replace(/^file:\/\//, '');
      if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
        throw new Error(`${scope.node.path}: submit ${channel} '${dep}' is not a local file; give S3 URIs or local file paths`);
      }
      // A file listed twice is copied twice into the SDK's one folder (2.257.6 `_stage_submit_deps`, shutil.copy): here, staged once.
      if (!local.some((f) => fs.realpathSync(f) === fs.realpathSync(file))) local.push(file);
    }
  }
  if (local.length === 0) return { option: remote.join(',') };
  const staged = stageNamedFiles(scope, `Submit-${channel}`, local.map((f) => ({ name: path.basename(f), sourcePath: f })), options.grantee);
  const localPath = `${INPUT_BASE}${channel}`;
  return { input: codeInput(staged.prefixUri, localPath, channel), option: [...remote, ...localEntries(scope, channel, localPath, local, remote.length > 0)].join(',') };
}

/**
 * The local files of a dependency option. smspark-submit expands a folder into its files only when
 * the whole value has no URI scheme: it parses the whole value, not each entry, and passes a value
 * that starts with `s3://` to spark-submit as it is (aws/sagemaker-spark-container 7d90eeb,
 * src/smspark/cli.py `_get_list_of_files`: `urlparse(path_str)`), where a folder is no jar, file or
 * module (spark-submit refuses a folder in `--files`). The SDK gives the folder after its S3 URIs
 * (2.257.6 `_stage_submit_deps`), which only works alone; beside S3 URIs each file is named.
 */
function localEntries(scope: Construct, channel: string, localPath: string, files: string[], besideS3: boolean): string[] {
  if (!besideS3) return [localPath];
  const names = files.map((f) => path.basename(f));
  const split = names.find((n) => n.includes(','));
  if (split !== undefined) {
    throw new Error(`${scope.node.path}: submit ${channel} local file '${split}' has a ',', which spark-submit reads as the separator of two files ` +
      `(beside S3 URIs each local file is named in --${channel}); rename the file (${FIELD.entrypoint})`);
  }
  return names.map((n) => `${localPath}/${n}`);
}
