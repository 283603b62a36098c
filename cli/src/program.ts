/** The command line: commander wiring of `run`, `status`, `logs`, `stop` and `list`. */
import { Command, CommanderError, Option } from 'commander';
import { CliError, errorLine, EXIT_COMPLETED, EXIT_ERROR } from './errors';
import { listCommand, logsCommand, statusCommand, stopCommand } from './inspect-commands';
import { localCommand, LocalCommandOptions } from './local/local-command';
import { GlobalOptions, runCommand, RunCommandOptions } from './run-command';
import { cliVersion } from './version';
import type { CliIo } from './view';

const collect = (value: string, previous: string[]) => [...previous, value];

/** Runs the command line `args` (without `node` and the script) and resolves its exit code. */
export async function main(args: string[], io: CliIo): Promise<number> {
  let exitCode = EXIT_COMPLETED;
  const program = new Command('cdk-sagemaker-processing')
    .description('Run and inspect the SageMaker Processing jobs of a CDK app built with cdk-sagemaker-processing, deployed or on this machine.')
    .option('--cdk-out <dir>', 'the cloud assembly that `cdk synth` wrote', 'cdk.out')
    .option('--region <region>', 'AWS region (default: the stack\'s region, else AWS_REGION or the profile\'s)')
    .option('--profile <name>', 'AWS profile of the shared config files')
    .option('--json', 'print the result as JSON on stdout (progress and logs go to stderr; `logs` prints JSON lines)')
    .option('--poll-interval <seconds>', 'seconds between looks at a run (default: 5)')
    .option('--heartbeat <seconds>', 'when the output is not a terminal: print where a run is after this many seconds without output (default: 60)')
    .version(cliVersion(), '-V, --version', 'print the version of cdk-sagemaker-processing-cli')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });

  const globals = (command: Command) => command.optsWithGlobals() as GlobalOptions & { [key: string]: unknown };
  const exit = (code: number) => {
    exitCode = code;
  };

  program.command('run')
    .description('start a deployed job with run-time overrides and wait for it, showing progress and its logs; Ctrl-C asks before stopping it ' +
      '(exit code 0 Completed, 1 Failed/Stopped/Skipped, 2 error, 130 Ctrl-C left it running)')
    .argument('<job>', 'the job: its construct path (DataLake/NightlyFeatures) or id')
    .option('--arg <value>', 'container argument, replaces the job\'s arguments (repeat for several; --arg=--flag for values that start with -)', collect, [])
    .option('--env <KEY=VALUE>', 'environment variable, merged over the job\'s (repeatable)', collect, [])
    .option('--instance-type <type>', 'instance type, e.g. ml.m5.2xlarge')
    .option('--instance-count <n>', 'instance count (1–100)')
    .option('--input <NAME=s3://…>', 'S3 URI of a named input (repeatable)', collect, [])
    .option('--output <NAME=s3://…>', 'S3 URI of a named output (repeatable)', collect, [])
    .option('--scheduled-time <iso>', 'the run\'s scheduled time, ISO 8601 with its zone (2026-11-20T02:00:00Z) or a date (UTC midnight), for backfills and per-date outputs')
    .option('--direct', 'create the processing job from the synthesized request, without the state machine')
    .option('--no-wait', 'start the run and exit (exit code 0 once started)')
    .option('--no-logs', 'do not stream the job\'s CloudWatch Logs')
    .option('--timestamps', 'prefix each log line with its time')
    .action(async (job: string, options: RunCommandOptions, command: Command) => exit(await runCommand(job, options, globals(command), io)));

  program.command('local')
    .description('run a job of the synthesized app on this machine: in its image with Docker when an engine answers, else in a sandbox with this machine\'s interpreter (exit code: the script\'s)')
    .argument('<job>', 'the job: its construct path (DataLake/NightlyFeatures) or id')
    .option('--input <NAME=path>', 'a local file or folder the container finds at the input\'s path (repeatable); NAME=s3://… with --download', collect, [])
    .option('--download', 'download the S3 inputs not given locally, with your credentials (resolves the deployed stack)')
    .option('--output-dir <dir>', 'where each output\'s files are copied, one folder per output (default: local-runs/<run id>)')
    .option('--upload', 'upload each output to its S3 URI with the run\'s partition, with your credentials')
    .option('--output <NAME=s3://…>', 'S3 URI of a named output, for --upload (repeatable)', collect, [])
    .option('--arg <value>', 'container argument, replaces the job\'s arguments (repeat for several; --arg=--flag for values that start with -)', collect, [])
    .option('--env <KEY=VALUE>', 'environment variable, merged over the job\'s (repeatable)', collect, [])
    .option('--scheduled-time <iso>', 'the run\'s scheduled time (ISO 8601): PROCESSING_SCHEDULED_TIME and the dt= partition')
    .option('--instance-type <type>', 'instance type of the run, as `run` takes it: resourceconfig.json\'s current_instance_type and processingjobconfig.json')
    .option('--instance-count <n>', 'instance count of the run (1–100), as `run` takes it: the hosts of resourceconfig.json (the run is still algo-1 alone)')
    .addOption(new Option('--engine <engine>', 'what runs the container').choices(['auto', 'docker', 'sandbox', 'bwrap', 'unshare']).default('auto'))
    .option('--interpreter <COMMAND=path>', 'sandbox: the host executable for a command, e.g. python=/usr/bin/python3 (repeatable)', collect, [])
    .option('--keep-root', 'keep the temporary /opt/ml folder and print where it is')
    .action(async (job: string, options: LocalCommandOptions, command: Command) => exit(await localCommand(job, options, globals(command), io)));

  program.command('status')
    .description('show a run: the newest run of a job, or a run by its execution or job name, and what the runner waits for (exit code 0 Completed, 1 Failed/Stopped/Skipped, 2 error, 3 in progress)')
    .argument('<job-or-run>', 'construct path or id of a job, or a run\'s execution name or processing job name')
    .action(async (target: string, _options: unknown, command: Command) => exit(await statusCommand(target, globals(command), io)));

  program.command('logs')
    .description('print the CloudWatch Logs of a run (the newest run of a job, or a run by name); exit code as status')
    .argument('<job-or-run>', 'construct path or id of a job, or a run\'s execution name or processing job name')
    .option('-f, --follow', 'keep following until the run ends (Ctrl-C leaves the run going: exit 130)')
    .option('--timestamps', 'prefix each line with its time')
    .action(async (target: string, options: { follow?: boolean; timestamps?: boolean }, command: Command) => exit(await logsCommand(target, options, globals(command), io)));

  program.command('stop')
    .description('stop a run in any state: its Step Functions execution (which stops the job, or the runner\'s wait to start it again), or the job itself for a direct run ' +
      '(exit code 0 asked to stop; a run that is not running is left as it is, with its status\'s code as `status` gives it)')
    .argument('<job-or-run>', 'construct path or id of a job (its newest run), or a run\'s execution name or processing job name')
    .action(async (target: string, _options: unknown, command: Command) => exit(await stopCommand(target, globals(command), io)));

  program.command('list')
    .description('without a job: the jobs in the cloud assembly; with one: its recent runs with status and duration, runs that never created a processing job included')
    .argument('[job]', 'construct path or id of a job')
    .addOption(new Option('--max <n>', 'how many runs (1–100)').default('10'))
    .action(async (target: string | undefined, options: { max?: string }, command: Command) => exit(await listCommand(target, options, globals(command), io)));

  try {
    await program.parseAsync(args, { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end with code 0; usage errors were printed by commander.
      return e.exitCode === 0 ? EXIT_COMPLETED : EXIT_ERROR;
    }
    io.stderr.write(`error: ${errorLine(e)}\n`);
    return e instanceof CliError ? e.exitCode : EXIT_ERROR;
  }
}
