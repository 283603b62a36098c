import { spawnSync } from 'child_process';
import * as path from 'path';

/**
 * Fails the calling test, naming what to install, when a Debian package it runs for real is
 * absent. The package must be listed in test/debian-packages.txt (npm test installs that list first
 * when run as root, see scripts/install-test-packages.js); `check` is the command whose success
 * proves the tool works, e.g. `['/usr/bin/python3', '-c', 'import sklearn']`.
 */
export function requireSystemPackage(debianPackage: string, check: string[]): void {
  const r = spawnSync(check[0], check.slice(1), { encoding: 'utf8' });
  if (r.status === 0) return;
  const list = path.join('test', 'debian-packages.txt');
  throw new Error(`This test needs the Debian package ${debianPackage} (listed in ${list}), and \`${check.join(' ')}\` failed`
    + `${r.error ? ` (${r.error.message})` : `: ${(r.stderr || r.stdout).trim().split('\n').pop()}`}. `
    + `Install it with \`apt-get install -y ${debianPackage}\`, or run \`npm test\` as root, which installs the packages of ${list}.`);
}
