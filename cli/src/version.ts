/** The CLI package's own version, for `--version`. */
import * as fs from 'fs';
import * as path from 'path';

const PACKAGE_NAME = 'cdk-sagemaker-processing-cli';

/**
 * The `version` of the package.json named `cdk-sagemaker-processing-cli` nearest above `from`:
 * cli/package.json, whether this file runs compiled (cli/dist/cli/src/version.js, as published)
 * or from its TypeScript source (cli/src/version.ts, in the tests).
 */
export function cliVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === PACKAGE_NAME && typeof pkg.version === 'string') return pkg.version;
    }
    if (path.dirname(dir) === dir) throw new Error(`no package.json of ${PACKAGE_NAME} above ${from}`);
  }
}
