/**
 * The bootstrap script a `FrameworkProcessor` runs, after the SDK's `runproc.sh`
 * (sagemaker/processing.py `FrameworkProcessor._generate_framework_script`): unpack the source
 * folder in `/opt/ml/processing/input/code/`, install `requirements.txt` if it is there, then run
 * the entry point with the job's arguments. The SDK always ships a `sourcedir.tar.gz`; here the
 * folder is a CDK asset (.zip) or an object in S3 (.tar.gz, .zip, or one script).
 */
export function frameworkBootstrapScript(options: { archiveFileName?: string; command: string[]; entryPoint: string; codeDir?: string }): string {
  const codeDir = options.codeDir ?? '/opt/ml/processing/input/code/';
  const archive = options.archiveFileName;
  let unpack = '';
  if (archive !== undefined) {
    unpack = archive.endsWith('.tar.gz') || archive.endsWith('.tgz')
      ? `tar -xzf ${shellQuote(archive)}\n`
      // Framework images ship Python, not always unzip: the standard library's zipfile unpacks the CDK asset.
      : `"$(command -v python3 || command -v python)" -m zipfile -e ${shellQuote(archive)} .\n`;
  }
  return [
    '#!/bin/bash',
    '',
    `cd ${codeDir}`,
    unpack,
    '# Exit on any error. SageMaker uses error code to mark failed job.',
    'set -e',
    '',
    "if [[ -f 'requirements.txt' ]]; then",
    '    # Some py3 containers has typing, which may breaks pip install',
    '    pip uninstall --yes typing',
    '',
    '    python -m pip install -r requirements.txt',
    'fi',
    '',
    `${options.command.map(shellQuote).join(' ')} ${shellQuote(options.entryPoint)} "$@"`,
    '',
  ].join('\n');
}

/** Quotes a word for bash when it has characters the shell would interpret. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./=:@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}
