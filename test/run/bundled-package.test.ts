import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type * as Library from '../../lib';

/**
 * The package's `dist/lib/index.bundle.js` is one bundle, run by its entry `dist/lib/index.js`
 * (scripts/bundle-library.js): the library's code then runs from `dist/lib`, not from
 * `dist/lib/run`. The deploy-time run still finds the handler modules it ships to Lambda at their
 * package paths. The bundle is built here with the build's esbuild options (`BUNDLE_OPTIONS`) from
 * the TypeScript sources, and written with the build's entry (`writeEntry`) in the package's layout
 * (under the repository, so aws-cdk-lib resolves).
 */
const root = path.join(__dirname, 'cdk.out', 'bundled-package');
const repo = path.join(__dirname, '..', '..');
const { BUNDLE_OPTIONS, BUNDLE_FILE, writeEntry } = require('../../scripts/bundle-library') as {
  BUNDLE_OPTIONS: Record<string, unknown>; BUNDLE_FILE: string; writeEntry(dir: string, text: string, exportNames: string[]): void;
};
const esbuild = require('esbuild') as typeof import('esbuild');
let bundled = '';

beforeAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
  for (const module of ['src/run-handler/index', 'lib/api/run-name']) {
    fs.mkdirSync(path.dirname(path.join(root, 'dist', module)), { recursive: true });
    fs.copyFileSync(path.join(repo, `${module}.ts`), path.join(root, 'dist', `${module}.ts`));
  }
  const [out] = esbuild.buildSync({
    ...BUNDLE_OPTIONS, logLevel: 'error', write: false,
    entryPoints: [path.join(repo, 'lib', 'index.ts')], outfile: path.join(root, 'dist', 'lib', BUNDLE_FILE),
  }).outputFiles;
  bundled = out.text;
  writeEntry(path.dirname(out.path), bundled, Object.keys(require('../../lib')));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

test('a ProcessingJobRun of the bundled library stages the handler and the run-name module at their package paths', () => {
  const lib = require(path.join(root, 'dist', 'lib', 'index.js')) as typeof Library;
  const app = new App({ outdir: path.join(root, 'cdk.out') });
  const stack = new Stack(app, 'RunStack');
  new lib.ProcessingJobRun(stack, 'Prepare', { image: lib.ProcessingImage.fromRegistry('123456789012.dkr.ecr.us-east-1.amazonaws.com/prep:1') });
  const fn = Object.values<any>(Template.fromStack(stack).findResources('AWS::Lambda::Function')).find((r) => r.Properties.Handler === 'src/run-handler/index.isComplete');
  const asset = path.join(app.synth().directory, `asset.${String(fn.Properties.Code.S3Key).replace(/\.zip$/, '')}`);
  expect(fs.readdirSync(asset, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
    .map((e) => path.relative(asset, path.join(e.parentPath, e.name))).sort()).toEqual(['lib/api/run-name.js', 'src/run-handler/index.js']);
  expect(fs.readFileSync(path.join(asset, 'lib/api/run-name.js'), 'utf8')).toContain('exports.');
});

test('the bundle is written in ASCII, and is the same program as esbuild wrote it', () => {
  const shipped = fs.readFileSync(path.join(root, 'dist', 'lib', BUNDLE_FILE), 'utf8');
  // The library's comments have dashes and ellipses: without asciiOnly the check below would have nothing to compare.
  expect(bundled).toMatch(/[\u0080-\uffff]/);
  expect(shipped).not.toMatch(/[\u0080-\uffff]/);
  // Without comments and layout (minifyWhitespace), esbuild prints both texts as the same code.
  const code = (text: string) => esbuild.transformSync(text, { minifyWhitespace: true, format: 'cjs', charset: 'ascii' }).code;
  expect(code(shipped)).toBe(code(bundled));
});
