#!/usr/bin/env node
/**
 * `npm test`'s pretest: installs the Debian packages of test/debian-packages.txt that are missing,
 * with apt-get, when it runs as root on Debian. Elsewhere it prints the command to run and leaves
 * the decision to the tests: each test that needs a package fails with a message naming it.
 */
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const LIST = path.join(__dirname, '..', 'test', 'debian-packages.txt');

/** The package names of the list, without comments. */
function listedPackages() {
  return fs.readFileSync(LIST, 'utf8').split('\n').map((l) => l.replace(/#.*/, '').trim()).filter(Boolean);
}

/** Whether dpkg has the package installed. */
function installed(name) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() === 'install ok installed';
}

function main() {
  const wanted = listedPackages();
  if (spawnSync('dpkg-query', ['--version']).status !== 0) {
    console.warn(`pretest: not a Debian system (no dpkg-query); the tests need the equivalents of: ${wanted.join(' ')}`);
    return;
  }
  const missing = wanted.filter((p) => !installed(p));
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    console.warn(`pretest: missing Debian packages ${missing.join(' ')}; run as root: ${command}`);
    return;
  }
  console.log(`pretest: installing the Debian packages the tests need: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: ['ignore', 'ignore', 'inherit'], env });
}

main();
