import * as fs from 'fs';
import { builtinModules } from 'module';
import * as path from 'path';

/**
 * Two packages from one repository (npm workspaces): the construct library at the root, which a
 * CDK app installs next to aws-cdk-lib and which must not drag the AWS SDK in, and the command in
 * cli/, which carries the AWS SDK clients as ordinary dependencies. Each package.json must point
 * at what `npm run build` writes and declare every package its code imports at run time.
 */
const root = path.join(__dirname, '..', '..');
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));
const pkg = readJson('package.json');
const cli = readJson('cli/package.json');
/** A package.json `files` entry as a regular expression: a path, a folder, or a glob with `**` and `*`. */
const filesPattern = (entry: string) => new RegExp(`^${entry.split('**/').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')).join('(?:.*/)?')}(?:/.*)?$`);
const covered = (files: string[], file: string) => files.some((f) => !f.startsWith('!') && filesPattern(f).test(file));

/** The packages a folder's TypeScript imports at run time (type-only imports are erased). */
function runtimeImports(dir: string): string[] {
  const specs = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))
    .flatMap((f) => [...fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/^import (?!type )[^;]*? from '([^.][^']*)'/gm)].map((m) => m[1]));
  const packageOf = (spec: string) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
  return [...new Set(specs.map(packageOf))].filter((p) => !builtinModules.includes(p)).sort();
}

test('the construct package is the bundled lib/ with its declarations plus the run handler, with no runtime dependencies', () => {
  expect(pkg.main).toBe('dist/lib/index.js');
  expect(pkg.types).toBe('dist/lib/index.d.ts');
  expect(pkg.bin).toBeUndefined();
  expect(pkg.dependencies).toBeUndefined();
  expect(pkg.bundledDependencies).toBeUndefined();
  expect(Object.keys(pkg.peerDependencies).sort()).toEqual(['aws-cdk-lib', 'constructs']);
  for (const file of [pkg.main, pkg.types, 'dist/lib/job/processing-job.d.ts', 'dist/src/run-handler/index.js', 'dist/lib/api/run-name.js', '.jsii']) {
    expect([file, covered(pkg.files, file)]).toEqual([file, true]);
  }
  // The bundle (dist/lib/index.js) holds every other compiled module: scripts/check-package.js checks the packed files.
  expect(covered(pkg.files, 'dist/lib/job/processing-job.js')).toBe(false);
  expect(pkg.workspaces).toEqual(['cli']);
});

test('lib/ names no other package than the peers, not even in a type import: its declarations are the package\'s types', () => {
  const specs = fs.readdirSync(path.join(root, 'lib'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))
    .flatMap((f) => [...fs.readFileSync(path.join(root, 'lib', f), 'utf8').matchAll(/^import (?:type )?[^;]*? from '([^.][^']*)'/gm)].map((m) => m[1]));
  const packages = [...new Set(specs.map((spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0])))]
    .filter((p) => !builtinModules.includes(p)).sort();
  expect(packages).toEqual(['aws-cdk-lib', 'constructs']);
});

test('lib/ needs only the peers; the run handler only what the Lambda Node.js runtime provides (the AWS SDK v3)', () => {
  expect(runtimeImports(path.join(root, 'lib'))).toEqual(['aws-cdk-lib', 'constructs']);
  expect(runtimeImports(path.join(root, 'src', 'run-handler')).filter((p) => !p.startsWith('@aws-sdk/'))).toEqual([]);
});

test('the CLI package: its bin and main are the compiled cli/src, and every package it imports is a dependency', () => {
  expect(cli.name).toBe('cdk-sagemaker-processing-cli');
  expect(cli.bin).toEqual({
    'cdk-sagemaker-processing': 'dist/cli/src/main.js',
    'cdk-sagemaker-processing-cli': 'dist/cli/src/main.js',
  });
  expect(fs.readFileSync(path.join(root, 'cli', 'src', 'main.ts'), 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
  expect(cli.main).toBe('dist/cli/src/index.js');
  expect(cli.types).toBe('dist/cli/src/index.d.ts');
  // Its lib/ imports (limits, the job metadata, the run name) need nothing but Node.js: docs/ARCHITECTURE.md.
  expect(runtimeImports(path.join(root, 'cli', 'src'))).toEqual(Object.keys(cli.dependencies).sort());
  expect(cli.version).toBe(pkg.version);
});

test('the CLI compiles from the repository root, so its output keeps the cli/src, lib/ and src/ layout', () => {
  const config = readJson('cli/tsconfig.json');
  expect(config.compilerOptions).toMatchObject({ outDir: 'dist', rootDir: '..', inlineSourceMap: false });
  expect(config.include).toEqual(['src/**/*.ts']);
  // Then the workspace's bin is linked again: npm ci links it only when the built file exists.
  expect(pkg.scripts.build).toMatch(/npm run build --workspace cli && npm rebuild cdk-sagemaker-processing-cli --ignore-scripts$/);
});

test('npm run build compiles the run handler next to jsii\'s dist/lib; jsii compiles lib/ with the committed tsconfig.json', () => {
  const config = readJson('tsconfig.src.json');
  expect(config.compilerOptions).toMatchObject({ outDir: 'dist', rootDir: '.' });
  expect(config.include).toEqual(['src/**/*.ts']);
  expect(pkg.jsii).toMatchObject({ tsconfig: 'tsconfig.json', validateTsconfig: 'strict' });
  // What the construct package ships: no build cache, no source maps (scripts/check-package.js checks the packed files).
  expect(readJson('tsconfig.json')).toEqual(expect.objectContaining({
    include: ['lib/**/*.ts'],
    compilerOptions: expect.objectContaining({ outDir: 'dist/lib', rootDir: 'lib', incremental: false, inlineSourceMap: false, sourceMap: false }),
  }));
  // src first, then jsii: jsii's output of lib/ (with its type information) is the one that stays.
  expect(pkg.scripts.build).toMatch(/tsc -p tsconfig\.src\.json && jsii\b/);
});
