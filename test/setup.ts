// aws-local-stepfunctions 3 calls Promise.withResolvers (Node >= 22); this machine runs Node 20.
const P = Promise as unknown as { withResolvers?: () => unknown };
if (typeof P.withResolvers !== 'function') {
  P.withResolvers = function withResolvers<T>() {
    let resolve!: (value: T) => void;
    let reject!: (reason?: unknown) => void;
    const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
    return { promise, resolve, reject };
  };
}

// aws-cdk-lib's built-in CloudFormation validation (on by default at every synth) takes most of the
// suite's time; test/examples/cloudformation-validation.test.ts runs it once over the example app.
process.env.CDK_VALIDATION ??= 'false';
