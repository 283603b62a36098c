import * as path from 'path';

/**
 * One loaded copy of aws-cdk-lib's CloudFormation validation engine per jest worker.
 *
 * aws-cdk-lib validates templates with `@aws/cloudformation-validate`, a 9 MB WebAssembly engine.
 * In a fresh copy of that package, building its first engine takes about 1.6 s (later engines of
 * the same copy about 0.2 s). Jest gives every test file, and every `jest.isolateModules`, a
 * module registry of its own, so each synthesis with validation on in a new registry paid the
 * 1.6 s again (and the WebAssembly compiler's background work on the other core). Here every
 * registry of a worker gets the same copy. Each synthesis still gets an engine of its own, built
 * from its rules and freed by aws-cdk-lib; what the copy keeps from one engine to the next is what
 * it builds once for all of them (its compiled code and what its first engine set up), so a test
 * gets the same findings (test/util/shared-validator.test.ts), sooner.
 *
 * The copy is kept on a Node.js core module object, which jest does not isolate (`require('module')`
 * is the same object in every test file of a worker process).
 */
const SHARED = Symbol.for('cdk-sagemaker-processing:test:cloudformation-validate');
const holder = require('module') as { [SHARED]?: unknown };

/** Where aws-cdk-lib loads its validation engine from; undefined for an aws-cdk-lib without it (the peer minimum, 2.224). */
export function validatorPath(): string | undefined {
  try {
    return require.resolve('@aws/cloudformation-validate', { paths: [path.dirname(require.resolve('aws-cdk-lib/package.json'))] });
  } catch {
    return undefined;
  }
}

const shared = validatorPath();
if (shared !== undefined) jest.doMock(shared, () => (holder[SHARED] ??= jest.requireActual(shared)));

