import { IMAGE_FIT_ADVICE, IMAGE_FIT_MESSAGE, ImageInstanceFit } from './image-instance-fit';
import { INSTANCE_TYPE_SHAPE } from './instance-type-check';
import { FIELD, LIMITS } from './limits';
import { MESSAGES } from './messages';

/**
 * The rules an execution's input must follow, as data: the same limits (`LIMITS`) and messages
 * (`MESSAGES`) the synth-time checks use (`Checks`), rendered here into the JSONata expression of
 * the runner's `Run` state (lib/job/runner-run-state.ts). A value refused at synth is refused at run time with the same
 * words (without the construct path), so the two cannot drift apart (test/api/run-rules.test.ts
 * compares them value by value).
 */
export const RUN_RULES = {
  arguments: { ...LIMITS.arguments, field: FIELD.arguments },
  environment: { ...LIMITS.environment, field: FIELD.environment },
  instanceType: { pattern: INSTANCE_TYPE_SHAPE, field: FIELD.instanceType },
  instanceCount: { ...LIMITS.instanceCount, field: FIELD.instanceCount },
  inputs: { field: 'ProcessingInputs[].S3Input.S3Uri', what: 'input' },
  outputs: { field: 'ProcessingOutputs[].S3Output.S3Uri', what: 'output' },
  s3Uri: LIMITS.s3Uri,
  s3Bucket: LIMITS.s3Bucket,
  /**
   * RFC 3339 date-time (what `PROCESSING_SCHEDULED_TIME` and the `dt=` partition are cut from). A time with an
   * offset is turned into UTC by the check (`2026-11-24T01:30:00+02:00` runs as `2026-11-23T23:30:00Z`), as the
   * CLI's `parseScheduledTime` does: the partition is the UTC date (docs/processing-job.md), and Scheduler's
   * `<aws.scheduler.scheduled-time>` and EventBridge's event `time` are UTC already.
   */
  scheduledTime: {
    pattern: /^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$/,
  },
  /** How many characters of a refused value a run-time message shows. */
  shownValueLength: 100,
} as const;

/** The days of `month` (1–12) of `year` in the Gregorian calendar (RFC 3339 section 5.7: the day of month is limited by month and year). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * The problem of a scheduled time the runner refuses (`RUN_RULES.scheduledTime`, and a day its month
 * has: `2026-02-30` is no date, and a run of it would write `dt=2026-02-30/`), in the runner's words;
 * undefined when it holds. The runner's check (`runInputCheck`) is this rule in JSONata.
 */
export function scheduledTimeProblem(prop: string, time: string): string | undefined {
  if (!RUN_RULES.scheduledTime.pattern.test(time)) return RUN_MESSAGES.timestamp(prop, time);
  if (Number(time.slice(8, 10)) > daysInMonth(Number(time.slice(0, 4)), Number(time.slice(5, 7)))) return RUN_MESSAGES.timestamp(prop, time);
  return undefined;
}

/**
 * A scheduled time the rules take (`RUN_RULES.scheduledTime`) in UTC, as the runner's check writes it at run time:
 * unchanged when it ends with `Z`, else `yyyy-MM-ddTHH:mm:ss[.fff]Z` (the CLI's `parseScheduledTime` gives the same).
 * For plain values a step gives at synth (`JobRunTemplate.requestForStep`).
 */
export function utcScheduledTime(time: string): string {
  if (time.endsWith('Z')) return time;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? time : new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** The environment variables every run of a `ProcessingJob` gets: its id (the execution name; the job name in direct mode) and its scheduled time. */
export const RUN_VARIABLES = { runId: 'PROCESSING_RUN_ID', scheduledTime: 'PROCESSING_SCHEDULED_TIME' } as const;

/** Messages only the execution input has. */
export const RUN_MESSAGES = {
  notObjectInput: (type: string) =>
    `The execution input must be a JSON object of overrides (see "Execution input" in docs/processing-job.md); got ${type}`,
  notRunObject: (type: string) => `run must be an object of the run's values; got ${type}`,
  unknownKey: (key: string, accepted: string) => `The execution input has the key '${key}', which this job does not take. It takes: ${accepted}`,
  notList: (prop: string, type: string, field: string) => `${prop} must be a list of strings, e.g. ["--date", "2026-11-24"]; got ${type} (${field})`,
  notMap: (prop: string, what: string, type: string) => `${prop} must be an object of ${what}; got ${type}`,
  notNumber: (prop: string, type: string, field: string) => `${prop} must be a number; got ${type} (${field})`,
  unknownName: (prop: string, what: string, name: string, known: string) => `${prop} names the ${what} '${name}', which is not one of the job's S3 ${what}s (${known})`,
  reservedVariable: (key: string) => `environment variable ${key} is set by every run (the run's id and scheduled time); remove it (Environment)`,
  partitionedOutput: (prop: string, value: string) =>
    `${prop} '${value}' must end with '/' when outputs are partitioned (runs write under <uri>dt=…/ or run=…/) (ProcessingOutputs[].S3Output.S3Uri)`,
  timestamp: (prop: string, value: string) => `${prop} '${value}' must be an RFC 3339 timestamp, e.g. "2026-11-24T02:00:00Z"`,
  moreProblems: (count: string) => ` (and ${count} more problems)`,
};

/** What the runner knows of one job when it checks an input for it (derived from the job's data by the runner's `Run` state). */
export interface RunRulesData {
  /** The job's id in a shared runner (the `job` key); null for a job's own runner. */
  readonly job: string | null;
  /** The keys of the overrides form the job takes (without `job`). */
  readonly keys: string[];
  readonly defaults: {
    readonly arguments: string[];
    readonly environment: { [key: string]: string };
    readonly instanceType: string | null;
    readonly instanceCount: number | null;
    readonly inputs: { [name: string]: string };
    readonly outputs: { [name: string]: string };
  };
  /** The names of the S3 inputs and outputs a run may override (an output may have no default: a job-bucket output). */
  readonly names: { readonly inputs: string[]; readonly outputs: string[] };
  /** Outputs are partitioned (each given output URI must end with '/'). */
  readonly partitioned: boolean;
  /** The variables every run adds (PROCESSING_RUN_ID, PROCESSING_SCHEDULED_TIME). */
  readonly runVariables: string[];
  /** Platform guardrails that hold for execution input too (set by `ProcessingGuardrails`); every one must hold. */
  readonly guards: RunGuardData[];
  /** The instance types the job's image runs on, when a managed image was chosen by the job's instance types; null: any. */
  readonly image: ImageInstanceFit | null;
}

/** The guardrails of a job's runs, with the words of their messages. */
export interface RunGuardData {
  /** Instance types a run may use; null: any. */
  readonly instanceTypes: string[] | null;
  /** Instance families a run may use; null: any. */
  readonly families: string[] | null;
  /** The rule and its allowed values, as messages name them (e.g. `allowedInstanceTypes`, `types ml.m5.large`). */
  readonly instanceRule: string;
  readonly allowedText: string;
  /** The most instances a run may use; null: the API's. */
  readonly maxInstanceCount: number | null;
  /** Environment variables a run may not set. */
  readonly lockedEnvironment: string[];
}

/**
 * A message function rendered as JSONata: each `expressions[i]` takes the place of the i-th
 * argument, the rest of the text stays literal.
 */
function jt(message: (...args: string[]) => string, ...expressions: string[]): string {
  const marker = (i: number) => `\uE000${i}\uE000`;
  const text = message(...expressions.map((_, i) => marker(i)));
  const parts = text.split(/\uE000(\d+)\uE000/);
  return `(${parts.map((part, i) => (i % 2 === 0 ? jsonataString(part) : `(${expressions[Number(part)]})`)).join(' & ')})`;
}

/**
 * A JSONata string literal: in single quotes when the text has none (the definition's JSON then
 * escapes nothing), else in double quotes (JSONata takes no `\'` escape).
 */
function jsonataString(text: string): string {
  const json = JSON.stringify(text);
  return text.includes("'") ? json : `'${json.slice(1, -1).replace(/\\"/g, '"')}'`;
}

/** A JSONata regular expression literal of a JavaScript one. */
function re(pattern: RegExp): string {
  return `/${pattern.source.replace(/(^|[^\\])\//g, '$1\\/')}/`;
}

const R = RUN_RULES;

/**
 * `imageFitProblem` (lib/api/image-instance-fit.ts) in JSONata: a list with the problem of running
 * the job's image (`fit`, null for any) on the instance type `t` (a valid name), or an empty one.
 * The processor type of a name as `processorOfInstanceType` gives it for the managed images (which
 * name no family of their own).
 */
function imageFitCheck(t: string, fit: string): string {
  const kind = `($f := $split(${t}, '.')[1]; $substring($f, 0, 3) = 'inf' ? 'inf' : $substring($f, 0, 3) = 'trn' ? 'trn' : ` +
    `$substring($f, 0, 1) in ['g', 'p'] ? 'gpu' : 'cpu')`;
  const advice = `$k in $fit.available ? ${jt(IMAGE_FIT_ADVICE.processorType, '$uppercase($k)')} : ` +
    `${jt(IMAGE_FIT_ADVICE.noImage, '$fit.image', '$k', "$join($fit.available, ', ')")}`;
  const message = jt(IMAGE_FIT_MESSAGE, "'instanceType'", t, '$k', '$fit.processor', '$fit.image', "$join($fit.chosenFor, ', ')", advice);
  return `($fit := ${fit}; $type($fit) != 'object' ? [] : ($k := ${kind}; $k in $fit.runsOn ? [] : [${message}]))`;
}

/**
 * The JSONata block that checks a run's input: it reads the execution input (`input`, a JSONata
 * expression: either form) and the job's rules (`rules`, an expression giving `RunRulesData`),
 * and evaluates to either `{ "problem": "<cause>" }` or `{ "job", "run": { …every value complete… } }`.
 * It never fails itself: whatever the input's shape, the result is one of the two. The run form
 * carries no run identity: the run values add it, once (lib/definition/run-values-jsonata.ts).
 */
export function runInputCheck(input: string, rules: string): string {
  const show = `function($v) { ($s := $type($v) = 'string' ? $v : $string($v); $length($s) > ${R.shownValueLength} ? $substring($s, 0, ${R.shownValueLength}) & '…' : $s) }`;
  const type = `function($v) { $exists($v) ? $type($v) : 'nothing' }`;
  const s3 = (prop: string, field: string) => `function($v, $k) { $length($v) > ${R.s3Uri.max} ? ${jt((p, n) => MESSAGES.s3UriLength(p, n, field), prop, '$string($length($v))')} : ` +
    `$not($contains($v, ${re(R.s3Uri.pattern)})) ? ${jt((p, v) => MESSAGES.s3UriShape(p, v, field), prop, '$show($v)')} : ` +
    `($b := $match($v, /^s3:\\/\\/([^\\/]+)/).groups[0]; $exists($b) and $not($contains($b, ${re(R.s3Bucket.legacyPattern)})) ? ${jt((p, v) => MESSAGES.s3Bucket(p, v, field), prop, '$show($v)')} : undefined) }`;
  const uriMap = (key: 'inputs' | 'outputs') => {
    const rule = R[key];
    const prop = `"${rule.what} '" & $k & "' s3Uri"`;
    const partition = key === 'outputs'
      ? `$r.partitioned and $substring($v, -1) != '/' ? ${jt((p, v) => RUN_MESSAGES.partitionedOutput(p, v), '"outputs." & $k', '$show($v)')} : undefined`
      : 'undefined';
    return `($m := $lookup($g, '${key}'); $known := $append([], $r.names.${key}); $uri := ${s3(prop, rule.field)};
      $not($exists($m)) ? [] : $type($m) != 'object' ? [${jt((t) => RUN_MESSAGES.notMap(key, `${rule.what} names to S3 URIs`, t), '$type($m)')}] :
      [$each($m, function($v, $k) {
        $not($k in $known) ? ${jt((n, k) => RUN_MESSAGES.unknownName(key, rule.what, n, k), '$k', "$count($known) > 0 ? $join($known, ', ') : 'none'")} :
        $type($v) != 'string' ? ${jt((p) => MESSAGES.notString(p, rule.field), prop)} :
        ($problem := $uri($v, $k); $exists($problem) ? $problem : ${partition})
      })])`;
  };
  return oneLine(`(
  $r := ${rules};
  $show := ${show};
  $typeOf := ${type};
  $shared := $type($r.job) = 'string';
  $in := ${input};
  $isRun := $type($in) = 'object' and $exists($lookup($in, 'run'));
  $given := $isRun ? $lookup($in, 'run') : $type($in) = 'object' ? $in : {};
  $g := $type($given) = 'object' ? $merge([{}, $sift($given, function($v, $k) {
    $not(($k = 'job' and $shared and $not($isRun)) or ($isRun and (($type($v) = 'null' and $not($k in $r.keys)) or ($k = 'arguments' and $count($r.defaults.arguments) = 0 and $type($v) = 'array' and $count($v) = 0))))
  })]) : {};
  $structural := $type($in) != 'object' ? [${jt(RUN_MESSAGES.notObjectInput, '$typeOf($in)')}] :
    $type($given) != 'object' ? [${jt(RUN_MESSAGES.notRunObject, '$typeOf($given)')}] :
    $isRun ? [$map([$keys($in)][$not($ in ($shared ? ['job', 'run'] : ['run']))], function($k) { ${jt((k, a) => RUN_MESSAGES.unknownKey(k, a), '$show($k)', "$shared ? 'job, run' : 'run'")} })] : [];
  $unknown := [$map([$keys($g)][$not($ in $r.keys)], function($k) { ${jt((k, a) => RUN_MESSAGES.unknownKey(k, a), '$show($k)', "$join($append($shared ? ['job'] : [], $r.keys), ', ')")} })];
  $a := $lookup($g, 'arguments');
  $args := $not($exists($a)) ? [] : $type($a) != 'array' ? [${jt((t) => RUN_MESSAGES.notList('arguments', t, R.arguments.field), '$type($a)')}] :
    $append(
      $count($a) < ${R.arguments.min} or $count($a) > ${R.arguments.max} ? [${jt((n) => MESSAGES.count('arguments', n, R.arguments, R.arguments.field), '$string($count($a))')}] : [],
      [$map($a, function($v, $i) {
        $type($v) != 'string' ? ${jt((i) => MESSAGES.notString(`arguments[${i}]`, R.arguments.field), '$string($i)')} :
        $length($v) < ${R.arguments.minItemLength} or $length($v) > ${R.arguments.maxItemLength} ? ${jt((i, n) => MESSAGES.itemLength(`arguments[${i}]`, n, R.arguments, R.arguments.field), '$string($i)', '$string($length($v))')} :
        $contains($v, /[\\n\\r\\u2028\\u2029]/) ? ${jt((i) => MESSAGES.lineBreak(`arguments[${i}]`, R.arguments.field), '$string($i)')} : undefined
      })]);
  $e := $lookup($g, 'environment');
  $env := $not($exists($e)) ? [] : $type($e) != 'object' ? [${jt((t) => RUN_MESSAGES.notMap('environment', 'variable names to string values', t), '$type($e)')}] :
    $append($append(
      [$each($e, function($v, $k) {
        $length($k) > ${R.environment.maxKeyLength} or $not($contains($k, ${re(R.environment.keyPattern)})) ? ${jt((k) => MESSAGES.environmentKey(k), '$show($k)')} :
        $k in $r.runVariables ? ${jt((k) => RUN_MESSAGES.reservedVariable(k), '$k')} :
        $k in $r.guards.lockedEnvironment ? ("guardrail lockedEnvironmentKeys: environment variable " & $k & " may not be set by a run") :
        $type($v) != 'string' ? ${jt((k) => MESSAGES.notString(`environment variable ${k}`, R.environment.field), '$k')} :
        $length($v) > ${R.environment.maxValueLength} ? ${jt((k, n) => MESSAGES.environmentValue(k, n), '$k', '$string($length($v))')} : undefined
      })],
      ($n := $count($distinct($append($append([$keys($r.defaults.environment)], [$keys($e)]), $r.runVariables)));
       $n > ${R.environment.maxEntries} ? [${jt((n) => MESSAGES.environmentCount(n, 2, R.environment.maxEntries), '$string($n)')}] : [])), []);
  $t := $lookup($g, 'instanceType');
  $type_ := $not($exists($t)) ? [] : $type($t) != 'string' ? [${jt((p) => MESSAGES.notString(p, R.instanceType.field), "'instanceType'")}] :
    $not($contains($t, ${re(R.instanceType.pattern)})) ? [${jt((v) => `instanceType '${v}' is not an instance type name (ml.<family>.<size>, e.g. ml.m5.xlarge) (${R.instanceType.field})`, '$show($t)')}] :
    $append(${imageFitCheck('$t', '$r.image')}, [$map($r.guards[($type(instanceTypes) = 'array' or $type(families) = 'array') and $not($t in instanceTypes or $split($t, '.')[1] in families)],
      function($gd) { "guardrail " & $gd.instanceRule & ": instanceType " & $t & " is not allowed (allowed: " & $gd.allowedText & ")" })]);
  $c := $lookup($g, 'instanceCount');
  $count_ := $not($exists($c)) ? [] : $type($c) != 'number' ? [${jt((t) => RUN_MESSAGES.notNumber('instanceCount', t, R.instanceCount.field), '$type($c)')}] :
    $floor($c) != $c or $c < ${R.instanceCount.min} or $c > ${R.instanceCount.max} ? [${jt((v) => MESSAGES.range('instanceCount', v, R.instanceCount, '', R.instanceCount.field), '$string($c)')}] :
    [$map($r.guards[$type(maxInstanceCount) = 'number' and $c > maxInstanceCount],
      function($gd) { "guardrail maxInstanceCount: instanceCount " & $string($c) & " is above the limit " & $string($gd.maxInstanceCount) })];
  $inputs := ${uriMap('inputs')};
  $outputs := ${uriMap('outputs')};
  $time := $lookup($g, 'scheduledTime');
  $badTime := [${jt((v) => RUN_MESSAGES.timestamp('scheduledTime', v), '$show($time)')}];
  $when := $not($exists($time)) ? [] : $type($time) != 'string' or $not($contains($time, ${re(R.scheduledTime.pattern)})) ? $badTime :
    ($y := $number($substring($time, 0, 4)); $mo := $number($substring($time, 5, 2));
     $number($substring($time, 8, 2)) > ($mo = 2 ? ($y % 4 = 0 and ($y % 100 != 0 or $y % 400 = 0) ? 29 : 28) : $mo in [4, 6, 9, 11] ? 30 : 31) ? $badTime : []);
  $problems := $count($structural) > 0 ? $structural : $count($unknown) > 0 ? $unknown :
    $append($append($append($append($append($append($args, $env), $type_), $count_), $inputs), $outputs), $when);
  $at := $not($exists($time)) ? $states.context.Execution.StartTime : $count($when) > 0 or $substring($time, -1) = 'Z' ? $time :
    ($ms := $toMillis($time); $fromMillis($ms, '[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01]' & ($ms % 1000 = 0 ? '' : '.[f001]') & 'Z'));
  $count($problems) > 0 ? { 'problem': $problems[0] & ($count($problems) > 1 ? ${jt(RUN_MESSAGES.moreProblems, '$string($count($problems) - 1)')} : '') } : {
    'job': $r.job,
    'run': {
      'arguments': $exists($a) ? $a : $r.defaults.arguments,
      'environment': $merge([$r.defaults.environment, $e]),
      'instanceType': $exists($t) ? $t : $r.defaults.instanceType,
      'instanceCount': $exists($c) ? $c : $r.defaults.instanceCount,
      'inputs': $merge([$r.defaults.inputs, $lookup($g, 'inputs')]),
      'outputs': $merge([$r.defaults.outputs, $lookup($g, 'outputs')]),
      'scheduledTime': $at
    }
  }
)`);
}

/** The expression on one line (the ASL schema's JSONata string pattern does not take line breaks). */
export function oneLine(expression: string): string {
  return expression.replace(/\s*\n\s*/g, ' ');
}

const WHITESPACE = /^\s/;
const NAME_CHARACTER = /^[A-Za-z0-9_$]$/;

/**
 * A JSONata expression without the whitespace it does not need (the definition holds it once per
 * runner, inline in a standalone job's template): outside string and regular-expression literals,
 * whitespace goes, but for one space between two name characters (`and`, `in`, `function`). A `/`
 * starts a regular expression where an operand is expected (at the start, after `(`, `,`, `:`,
 * `?` or `[`): the expressions here divide nothing.
 *
 * The text is split by one regular expression rather than walked character by character: it runs
 * once per runner's options in an app, on ~12 KB, before V8 could make a loop over it fast (cold,
 * the walk took 15–20 ms of each synth; this about 5 ms, under 1 ms warm).
 */
export function compactJsonata(expression: string): string {
  const out: string[] = [];
  // The last character written, kept here: reading it from a string being built flattens that string every time.
  let last = '';
  let space = false;
  // A piece: whitespace, a string literal (closed or not), a `/`, or a run of anything else.
  const pieces = /\s+|"(?:[^"\\]|\\[\s\S])*"?|'(?:[^'\\]|\\[\s\S])*'?|\/|[^\s"'/]+/g;
  // A regular-expression literal with its flags, from its opening `/` (closed or not).
  const literal = /\/(?:[^/\\]|\\[\s\S])*\/?[a-z]*/y;
  for (let match = pieces.exec(expression); match !== null; match = pieces.exec(expression)) {
    let piece = match[0];
    if (WHITESPACE.test(piece)) {
      space = true;
      continue;
    }
    if (space && NAME_CHARACTER.test(last) && NAME_CHARACTER.test(piece[0])) out.push(' ');
    space = false;
    if (piece === '/' && (last === '' || '(,:?['.includes(last))) {
      literal.lastIndex = match.index;
      piece = literal.exec(expression)![0];
      pieces.lastIndex = match.index + piece.length;
    }
    out.push(piece);
    last = piece[piece.length - 1];
  }
  return out.join('');
}
