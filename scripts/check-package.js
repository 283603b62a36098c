#!/usr/bin/env node
/**
 * Checks what `npm pack` would publish, after `npm run build` (run by .ci/run):
 * - the construct package: at most 1 MB packed and 5 MB unpacked, no build caches (*.tsbuildinfo),
 *   no source maps (inline or separate), and the files it needs at run time (the compiled library,
 *   the jsii assembly, the deploy-time run's handler and the run-name module it requires), and of
 *   the compiled modules the bundle holds, no JavaScript or JSON besides those (only declarations);
 * - the CLI package (cli/): its bin and main, and no source maps either;
 * - the published entry as an app loads it: the README's first example synthesizes from
 *   `dist/lib/index.js` and loads only the parts of the library it uses, and a second process
 *   synthesizes the same template from the code cache the first wrote; an ES module import of it
 *   has every export as a named export.
 * Prints the sizes; exits 1 with every problem listed.
 */
const { execFileSync, spawnSync } = require('child_process');
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
checkCommon(lib.name, ROOT, lib, ['package.json', 'README.md', '.jsii', 'dist/lib/index.js', 'dist/lib/index.bundle.js', 'dist/lib/index.d.ts', 'dist/src/run-handler/index.js', 'dist/lib/api/run-name.js']);
// dist/lib/index.bundle.js holds every module of the library, dist/lib/index.js runs it
// (scripts/bundle-library.js): the package ships the modules' declarations (its types) and, of their
// JavaScript, only the run-name module the deploy-time run's handler copies as a file. Any other
// module or JSON file is never read. The code cache the entry writes beside the bundle
// (scripts/library-loader.js) belongs to the machine that wrote it, never to the package.
const LIB_RUNTIME_FILES = ['dist/lib/index.js', 'dist/lib/index.bundle.js', 'dist/lib/api/run-name.js', 'dist/src/run-handler/index.js'];
for (const f of lib.files.map((file) => file.path)) {
  if (f.startsWith('dist/') && /\.(js|json)$/.test(f) && !LIB_RUNTIME_FILES.includes(f)) {
    problems.push(`${lib.name}: ships ${f}, which the bundle dist/lib/index.bundle.js holds and nothing reads (package.json files)`);
  }
  if (f.endsWith('.cache')) problems.push(`${lib.name}: ships ${f}, a code cache written on this machine (package.json files)`);
}
if (lib.size > 1 * MB) problems.push(`${lib.name}: ${lib.size} bytes packed, over the 1 MB target`);
if (lib.unpackedSize > 5 * MB) problems.push(`${lib.name}: ${lib.unpackedSize} bytes unpacked, over the 5 MB target`);

const cliDir = path.join(ROOT, 'cli');
const cliPkg = JSON.parse(fs.readFileSync(path.join(cliDir, 'package.json'), 'utf8'));
const cli = pack(cliDir);
checkCommon(cli.name, cliDir, cli, ['package.json', 'README.md', cliPkg.main, cliPkg.types, ...Object.values(cliPkg.bin)]);
// The built command reads its version from the package.json published beside it.
const versionRun = spawnSync(process.execPath, [path.join(cliDir, cliPkg.bin['cdk-sagemaker-processing']), '--version'], { encoding: 'utf8' });
if (versionRun.status !== 0 || versionRun.stdout !== `${cliPkg.version}\n`) {
  problems.push(`${cli.name}: \`--version\` printed '${versionRun.stdout.trim()}' with exit code ${versionRun.status}, not ${cliPkg.version}: ${versionRun.stderr.trim()}`);
}

/** aws-cdk-lib's modules the README's first example has no use for (`checkBundle`). */
const UNUSED_BY_EXAMPLE = ['aws-lambda', 'custom-resources', 'aws-ec2', 'aws-cloudwatch', 'aws-cloudwatch-actions', 'aws-kms', 'aws-ecr-assets', 'aws-stepfunctions-tasks'];

/**
 * The published entry (`dist/lib/index.js`, one bundle whose exports are getters) as an app uses it,
 * in a fresh process: requiring it and building the README's first example reads only the parts
 * of the library that example needs (not the deploy-time run, whose aws-cdk-lib Lambda and
 * custom-resources modules stay unloaded), and loads only the aws-cdk-lib modules it uses (the
 * library imports them from aws-cdk-lib's root: not EC2, CloudWatch, KMS, ECR assets or the Step
 * Functions tasks, which a job outside a VPC, without alarms, keys or a Docker image does not
 * use); the example synthesizes to its state machine and schedule; then every export can be read.
 */
function checkBundle() {
  const script = `
    const UNUSED_BY_EXAMPLE = ${JSON.stringify(UNUSED_BY_EXAMPLE)};
    const path = require('path');
    const os = require('os');
    const fs = require('fs');
    const { App, Stack, TimeZone } = require('aws-cdk-lib');
    const s3 = require('aws-cdk-lib/aws-s3');
    const lib = require(${JSON.stringify(path.join(ROOT, 'dist', 'lib', 'index.js'))});
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-bundle-'));
    try {
      const stack = new Stack(new App({ outdir }), 'Features');
      const lake = new s3.Bucket(stack, 'Lake', { enforceSSL: true });
      new lib.ProcessingJob(stack, 'NightlyFeatures', {
        processor: new lib.SKLearnProcessor({ frameworkVersion: lib.SKLearnVersion.V1_2_1 }),
        code: lib.ProcessingCode.fromAsset(${JSON.stringify(path.join(ROOT, 'examples', 'processors', 'sklearn', 'preprocessing.py'))}),
        processingInputs: [lib.ProcessingInput.fromBucket('raw', lake, 'raw/')],
        processingOutputs: [lib.ProcessingOutput.toBucket('train', lake, 'features/', { localPath: '/opt/ml/processing/output/train' })],
        outputPartitioning: lib.OutputPartitioning.SCHEDULED_DATE,
        schedule: lib.JobSchedule.cron({ minute: '0', hour: '2', timeZone: TimeZone.EUROPE_LONDON }),
      });
      const template = stack.node.root.synth().getStackByName('Features').template;
      const loaded = Object.keys(require.cache).filter((f) => UNUSED_BY_EXAMPLE.map((m) => '/aws-cdk-lib/' + m + '/').some((m) => f.includes(m))).map((f) => f.split('aws-cdk-lib/')[1]);
      const types = Object.values(template.Resources).map((r) => r.Type);
      const unreadable = Object.keys(lib).filter((name) => { try { return lib[name] === undefined; } catch { return true; } });
      console.log(JSON.stringify({ template: JSON.stringify(template), loaded, machines: types.filter((t) => t === 'AWS::StepFunctions::StateMachine').length, schedules: types.filter((t) => t === 'AWS::Scheduler::Schedule').length, exports: Object.keys(lib).length, unreadable }));
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  `;
  // Twice, each in a fresh process: the first compiles the bundle and writes V8's code cache beside
  // it, the second runs from that cache (scripts/library-loader.js) and must build the same template.
  const libDir = path.join(ROOT, 'dist', 'lib');
  const caches = () => fs.readdirSync(libDir).filter((f) => /^index\.bundle\..+\.cache$/.test(f));
  for (const f of caches()) fs.rmSync(path.join(libDir, f));
  const runExample = () => JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').pop());
  const r = runExample();
  // A rewrite renames a new file over the old one: another inode.
  const identity = (f) => { const stat = fs.statSync(path.join(libDir, f)); return `${stat.ino}:${stat.mtimeMs}`; };
  const written = caches().map((f) => ({ f, identity: identity(f) }));
  const again = runExample();
  const before = problems.length;
  if (written.length !== 1) {
    problems.push(`dist/lib: a process that loaded the bundle wrote ${written.length} code cache files (${written.map((w) => w.f).join(', ')}), not 1 (scripts/library-loader.js)`);
  } else if (caches().length !== 1 || identity(written[0].f) !== written[0].identity) {
    problems.push(`dist/lib/${written[0].f}: the second process rewrote the code cache the first wrote: it could not use it (scripts/library-loader.js)`);
  }
  if (again.template !== r.template) problems.push('dist/lib/index.js: the README\'s example built from the code cache differs from the one built without it');
  const text = fs.readFileSync(path.join(libDir, 'index.bundle.js'), 'utf8');
  const nonAscii = text.match(/[\u0080-\uffff]/);
  if (nonAscii) problems.push(`dist/lib/index.bundle.js: a non-ASCII character at offset ${nonAscii.index} ('${nonAscii[0]}'): the whole module is then read and compiled as a two-byte string (scripts/bundle-library.js asciiOnly)`);
  if (r.loaded.length > 0) problems.push(`dist/lib/index.js: the README's example loaded modules it does not use (${r.loaded.join(', ')}): the bundle's exports are not read lazily, or the library imports an aws-cdk-lib module other than from its root`);
  if (r.machines !== 1 || r.schedules !== 1) problems.push(`dist/lib/index.js: the README's example synthesized ${r.machines} state machines and ${r.schedules} schedules (expected 1 and 1)`);
  if (r.unreadable.length > 0) problems.push(`dist/lib/index.js: exports that cannot be read: ${r.unreadable.join(', ')}`);
  if (problems.length === before) console.log(`dist/lib/index.js: the README's example synthesizes from the bundle (1 state machine, 1 schedule), reading only what it uses, and the same from its code cache in a second process; ${r.exports} exports, all readable; ASCII only`);
}
checkBundle();

/**
 * The published entry imported from an ES module (an app with `"type": "module"`, or `.mjs`):
 * Node.js gives it the names of the CommonJS module's exports that it finds by reading the text
 * (cjs-module-lexer), and `import { ProcessingJob } from 'cdk-sagemaker-processing'` fails for a
 * name it does not find. Every export of the bundle must be a named export there, as the same value.
 */
function checkEsmImport() {
  const entry = path.join(ROOT, 'dist', 'lib', 'index.js');
  const script = `
    import * as lib from ${JSON.stringify(require('url').pathToFileURL(entry).href)};
    import { createRequire } from 'module';
    const cjs = createRequire(import.meta.url)(${JSON.stringify(entry)});
    const missing = Object.keys(cjs).filter((name) => !Object.keys(lib).includes(name) || lib[name] !== cjs[name]);
    console.log(JSON.stringify({ missing, exports: Object.keys(cjs).length }));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  const r = JSON.parse(out.trim().split('\n').pop());
  if (r.missing.length > 0) {
    problems.push(`dist/lib/index.js: an ES module import lacks ${r.missing.length} of its ${r.exports} named exports (${r.missing.slice(0, 5).join(', ')}${r.missing.length > 5 ? ', …' : ''}): \`import { ${r.missing[0]} } from 'cdk-sagemaker-processing'\` fails (scripts/bundle-library.js esmExportNames)`);
  } else {
    console.log(`dist/lib/index.js: an ES module import has all ${r.exports} exports as named exports`);
  }
}
checkEsmImport();

if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
