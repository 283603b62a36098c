import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * `cdk synth` of the example app (bin/app.ts) in two processes, from two copies of the project at
 * different absolute paths, run from different working folders, the second copy's files with other
 * modification times and modes: what CloudFormation deploys and `cdk deploy` uploads — every
 * template, asset manifest and asset file, nested stacks and state machine definitions included —
 * must be byte for byte the same. Anything else updates stacks and uploads assets at every
 * deployment of an unchanged app, and moves every name computed from a hash.
 */
const root = path.join(__dirname, '..', '..');
/** What the app reads: its entry point, the library, the run handler, the examples and the settings. */
const PROJECT = ['bin', 'lib', 'src', 'examples', 'package.json', 'tsconfig.json', 'tsconfig.dev.json', 'cdk.json'];

/**
 * The context `cdk synth` gives the app: cdk.json's, and the path and asset metadata the CLI turns on by default
 * (the staged asset paths then are in the templates).
 */
const CONTEXT = {
  ...JSON.parse(fs.readFileSync(path.join(root, 'cdk.json'), 'utf8')).context,
  'aws:cdk:enable-path-metadata': true,
  'aws:cdk:enable-asset-metadata': true,
};

/** Synthesizes the app of `project` into a new folder, from `cwd`; returns the folder. */
function synth(project: string, cwd: string): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'determinism-out-'));
  execFileSync(process.execPath, ['--import', require.resolve('tsx'), path.join(project, 'bin', 'app.ts')], {
    cwd, env: { ...process.env, CDK_OUTDIR: outdir, CDK_VALIDATION: 'false', CDK_CONTEXT_JSON: JSON.stringify(CONTEXT) }, stdio: 'pipe',
  });
  return outdir;
}

/** What is deployed or uploaded: every file of the assembly but the manifest, the tree and the metadata (stack traces of where constructs were made). */
function deployed(outdir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (!/^(manifest|tree)\.json$|\.metadata\.json$|^cdk\.out$/.test(entry.name)) files.set(path.relative(outdir, full), fs.readFileSync(full));
    }
  };
  walk(outdir);
  return files;
}

/** Sets every file under `dir` to `time` and a mode without group and other bits, as another checkout would have them. */
function touch(dir: string, time: Date): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) touch(full, time);
    else {
      fs.utimesSync(full, time, time);
      fs.chmodSync(full, fs.statSync(full).mode & 0o700);
    }
  }
}

test('two synths of the example app, from copies at other paths with other file times and modes, give the same templates and assets', () => {
  const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'determinism-')), 'somewhere', 'else', 'project');
  const outdirs: string[] = [];
  try {
    fs.mkdirSync(copy, { recursive: true });
    for (const entry of PROJECT) fs.cpSync(path.join(root, entry), path.join(copy, entry), { recursive: true });
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'));
    touch(copy, new Date('2001-02-03T04:05:06Z'));
    outdirs.push(synth(root, root), synth(copy, os.tmpdir()));
    const [first, second] = outdirs.map(deployed);
    expect([...first.keys()].filter((f) => f.endsWith('.template.json')).length).toBeGreaterThanOrEqual(10);
    expect([...second.keys()].sort()).toEqual([...first.keys()].sort());
    const differing = [...first.keys()].filter((f) => !first.get(f)!.equals(second.get(f)!));
    expect(differing).toEqual([]);
  } finally {
    for (const dir of [...outdirs, path.dirname(path.dirname(path.dirname(copy)))]) fs.rmSync(dir, { recursive: true, force: true });
  }
}, 180_000);
