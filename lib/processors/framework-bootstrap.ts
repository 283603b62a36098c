/** What the bootstrap script does. */
export interface FrameworkBootstrapOptions {
  /** The archive to unpack in the code folder (S3 code as `.tar.gz` or `.zip`). @default - the files are in the code folder already */
  readonly archiveFileName?: string;
  /** The command that runs the entry point, e.g. `['python']`, written into the script as it is (bash reads it). */
  readonly command: string[];
  /** The entry point, relative to the code folder. */
  readonly entryPoint: string;
  /** The `aws codeartifact login` command run before `pip install`. @default - none: the SDK's "Skipping login" echo */
  readonly codeArtifactLogin?: string;
}

/**
 * The bootstrap script a `FrameworkProcessor` runs, line for line the SDK's `runproc.sh`
 * (sagemaker/processing.py `FrameworkProcessor._generate_framework_script`, SDK 2.257.6): go to
 * `/opt/ml/processing/input/code/`, unpack the source archive, then, when `requirements.txt` is
 * there, log in to CodeArtifact (when the AWS CLI is installed) and install it, then run the entry
 * point with the job's arguments. The SDK always ships a `sourcedir.tar.gz`; here a local folder's
 * files are already in place (no unpack line), and S3 code may be a `.tar.gz`, a `.zip` or one script.
 */
export function frameworkBootstrapScript(options: FrameworkBootstrapOptions): string {
  const archive = options.archiveFileName;
  const lines = ['#!/bin/bash', '', 'cd /opt/ml/processing/input/code/'];
  if (archive !== undefined) {
    lines.push(/\.(tar\.gz|tgz)$/i.test(archive)
      ? `tar -xzf ${shellQuote(archive)}`
      // Framework images ship Python, not always unzip: the standard library's zipfile unpacks a .zip.
      : `"$(command -v python3 || command -v python)" -m zipfile -e ${shellQuote(archive)} .`);
  }
  const login = options.codeArtifactLogin ?? "echo 'CodeArtifact repository not specified. Skipping login.'";
  lines.push(
    '',
    '# Exit on any error. SageMaker uses error code to mark failed job.',
    'set -e',
    '',
    "if [[ -f 'requirements.txt' ]]; then",
    '    # Optionally log into CodeArtifact',
    '    if ! hash aws 2>/dev/null; then',
    '        echo "AWS CLI is not installed. Skipping CodeArtifact login."',
    '    else',
    `        ${login}`,
    '    fi',
    '',
    '    # Some py3 containers has typing, which may breaks pip install',
    '    pip uninstall --yes typing',
    '',
    '    python -m pip install -r requirements.txt',
    'fi',
    '',
    // The command as the SDK writes it (`" ".join(self.command)`): bash reads its words, so `python -u` or
    // `${PYTHON:-python}` work as they do with the SDK. The entry point is quoted where it needs it (the SDK
    // does not, and a name with a space breaks its script).
    `${options.command.join(' ')} ${shellQuote(options.entryPoint)} "$@"`,
    '',
  );
  return lines.join('\n');
}

/** Quotes a word for bash when it has characters the shell would interpret. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./=:@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}
