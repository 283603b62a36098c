#!/usr/bin/env node
/**
 * Checks what `npm pack` would publish, after `npm run build` (run by .ci/run):
 * - the construct package: at most 1 MB packed and 5 MB unpacked, no build caches (*.tsbuildinfo),
 *   no source maps (inline or separate), and the files it needs at run time (the compiled library,
 *   the jsii assembly, the deploy-time run's handler and the run-name module it requires);
 * - the CLI package (cli/): its bin and main, and no source maps either.
 * Prints the sizes; exits 1 with every problem listed.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const MB = 1024 * 1024;
const problems = [];

function pack(dir) {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return JSON.parse(out)[0];
}

function checkCommon(name, dir, info, required) {
  const files = info.files.map((f) => f.path);
  for (const f of files) {
    if (f.endsWith('.tsbuildinfo')) problems.push(`${name}: ships the build cache ${f}`);
    if (f.endsWith('.map')) problems.push(`${name}: ships the source map ${f}`);
    if (f.endsWith('.js') && fs.readFileSync(path.join(dir, f), 'utf8').includes('sourceMappingURL=data:')) {
      problems.push(`${name}: ${f} carries an inline source map`);
    }
  }
  for (const f of required) if (!files.includes(f)) problems.push(`${name}: ${f} is missing from the package (npm run build writes it)`);
  console.log(`${name}: ${(info.size / 1024).toFixed(0)} kB packed, ${(info.unpackedSize / 1024).toFixed(0)} kB unpacked, ${info.entryCount} files`);
}

const lib = pack(ROOT);
checkCommon(lib.name, ROOT, lib, ['package.json', 'README.md', '.jsii', 'dist/lib/index.js', 'dist/lib/index.d.ts', 'dist/src/run-handler/index.js', 'dist/lib/api/run-name.js']);
if (lib.size > 1 * MB) problems.push(`${lib.name}: ${lib.size} bytes packed, over the 1 MB target`);
if (lib.unpackedSize > 5 * MB) problems.push(`${lib.name}: ${lib.unpackedSize} bytes unpacked, over the 5 MB target`);

const cliDir = path.join(ROOT, 'cli');
const cliPkg = JSON.parse(fs.readFileSync(path.join(cliDir, 'package.json'), 'utf8'));
const cli = pack(cliDir);
checkCommon(cli.name, cliDir, cli, ['package.json', 'README.md', cliPkg.main, cliPkg.types, ...Object.values(cliPkg.bin)]);

if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
