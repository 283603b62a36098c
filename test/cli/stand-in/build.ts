/**
 * The command as `npm run build` builds it: compiled by tsc from the cli package's TypeScript
 * project into cli/dist/ (the file the package's `bin` names). Built again only when a source file
 * is newer than the output, so a test run builds at most once.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..', '..');
const PROJECT = path.join(ROOT, 'cli', 'tsconfig.json');
const MAIN = path.join(ROOT, 'cli', 'dist', 'cli', 'src', 'main.js');
const SOURCES = [path.join(ROOT, 'cli', 'src'), path.join(ROOT, 'lib')];

function newest(dir: string): number {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .reduce((max, f) => Math.max(max, fs.statSync(path.join(dir, f)).mtimeMs), 0);
}

/** The path of the built command's entry point, built first if it is missing or older than its sources. */
export function builtCli(): string {
  const built = fs.existsSync(MAIN) ? fs.statSync(MAIN).mtimeMs : 0;
  if (built < Math.max(...SOURCES.map(newest))) {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', PROJECT], { cwd: ROOT, stdio: 'inherit' });
  }
  return MAIN;
}
