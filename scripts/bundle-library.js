#!/usr/bin/env node
/**
 * `node scripts/bundle-library.js <dir>`: makes the compiled library's `<dir>/index.js` one file
 * holding every module of the library it requires (esbuild), so an app loads one module instead
 * of a hundred: each `require` is a file lookup, a read and a compilation, and under a loader such
 * as tsx or ts-node (how `cdk synth` runs TypeScript apps) a round trip to the loader as well.
 * aws-cdk-lib and constructs stay the app's (peer dependencies: one copy for the library and the
 * app), and so does `typescript`, which only the TypeScript sources need. The other compiled
 * files stay where they are: their declarations are the package's types, and the deploy-time
 * run's handler reads `lib/api/run-name.js` as a file.
 *
 * Run by `npm run build` after jsii, and by the bench on the library it compiles (what users load).
 */
const fs = require('fs');
const path = require('path');

/** Replaces `<dir>/index.js` by the bundle of it and the library modules it requires. */
function bundleLibrary(dir) {
  const entry = path.join(dir, 'index.js');
  const partial = path.join(dir, `index.bundle-${process.pid}.js`);
  // Loaded here, not at the top: the bench and the build require this file; esbuild is a development dependency.
  require('esbuild').buildSync({
    entryPoints: [entry],
    outfile: partial,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs', 'typescript'],
    // Function and class names stay what the sources say (error messages and construct info read some).
    keepNames: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  fs.renameSync(partial, entry);
  return entry;
}

module.exports = { bundleLibrary };

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node scripts/bundle-library.js <compiled library folder>');
    process.exit(2);
  }
  const entry = bundleLibrary(path.resolve(dir));
  console.log(`${path.relative(process.cwd(), entry)}: ${(fs.statSync(entry).size / 1024).toFixed(0)} kB, one module`);
}
