import * as fs from 'fs';
import { builtinModules } from 'module';
import * as path from 'path';

/**
 * The published package must hold what the CLI and the deploy-time run need at run time: the
 * paths in package.json point at what `npm run build` writes, and every package the CLI imports
 * is a bundled dependency (jsii takes no other runtime dependencies).
 */
const root = path.join(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const covered = (file: string) => (pkg.files as string[]).some((f) => file === f || file.startsWith(`${f}/`));

test('main, types and bin are the compiled lib/index.ts and src/cli/main.ts, and the package ships them', () => {
  expect(pkg.main).toBe('dist/lib/index.js');
  expect(pkg.types).toBe('dist/lib/index.d.ts');
  expect(pkg.bin).toEqual({ 'cdk-sagemaker-processing': 'dist/src/cli/main.js' });
  expect(fs.readFileSync(path.join(root, 'src', 'cli', 'main.ts'), 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
  for (const file of [pkg.main, pkg.types, pkg.bin['cdk-sagemaker-processing'], 'dist/src/run-handler/index.js', 'cli/package.json', '.jsii']) {
    expect([file, covered(file)]).toEqual([file, true]);
  }
});

test('cdk-sagemaker-processing/cli resolves to the compiled src/cli/index.ts', () => {
  const stub = JSON.parse(fs.readFileSync(path.join(root, 'cli', 'package.json'), 'utf8'));
  expect(path.join('cli', stub.main)).toBe(path.join('dist', 'src', 'cli', 'index.js'));
  expect(path.join('cli', stub.types)).toBe(path.join('dist', 'src', 'cli', 'index.d.ts'));
});

test('npm run build compiles src/ next to jsii\'s dist/lib', () => {
  const config = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.src.json'), 'utf8'));
  expect(config.compilerOptions).toMatchObject({ outDir: 'dist', rootDir: '.' });
  expect(config.include).toEqual(['src/**/*.ts']);
  expect(pkg.jsii.tsc).toEqual({ outDir: 'dist/lib', rootDir: 'lib' });
  // src first, then jsii: jsii's output of lib/ (with its type information) is the one that stays.
  expect(pkg.scripts.build).toMatch(/tsc -p tsconfig\.src\.json && jsii\b/);
});

test('every package src/ imports at run time is a bundled dependency; lib/ needs only the peers', () => {
  const imports = (dir: string) => fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))
    .flatMap((f) => [...fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/^import (?!type )[^;]*? from '([^.][^']*)'/gm)].map((m) => m[1]));
  const packageOf = (spec: string) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
  const external = (specs: string[]) => [...new Set(specs.map(packageOf))].filter((p) => !builtinModules.includes(p)).sort();
  const srcPackages = external(imports(path.join(root, 'src')));
  expect(srcPackages).toEqual(Object.keys(pkg.dependencies).sort());
  expect([...pkg.bundledDependencies].sort()).toEqual(Object.keys(pkg.dependencies).sort());
  expect(external(imports(path.join(root, 'lib')))).toEqual(['aws-cdk-lib', 'constructs']);
});
