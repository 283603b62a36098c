import aslValidator from 'asl-validator';

/**
 * The suite's asl-validator reuses one Ajv instance (test/util/asl-validator-cache.ts, from
 * test/setup.ts). These checks in a row show that reuse changes no answer: each definition gets
 * the verdict and the errors a fresh validator gives it, whatever was checked before.
 */
const valid = () => ({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Succeed' } } });
const badPath = () => ({ StartAt: 'A', States: { A: { Type: 'Pass', InputPath: 'not a path', End: true } } });
const missingTarget = () => ({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Nowhere' } } });
const badJsonata = () => ({ QueryLanguage: 'JSONata', StartAt: 'A', States: { A: { Type: 'Pass', Output: '{% $count( %}', End: true } } });

test('a valid definition passes before and after invalid ones, and each invalid one fails with its own error', () => {
  expect(aslValidator(valid()).isValid).toBe(true);
  const path = aslValidator(badPath());
  expect(path.isValid).toBe(false);
  expect(path.errorsText('\n')).toMatch(/InputPath/);
  const target = aslValidator(missingTarget());
  expect(target.isValid).toBe(false);
  expect(target.errorsText('\n')).toMatch(/Nowhere/);
  const jsonata = aslValidator(badJsonata());
  expect(jsonata.isValid).toBe(false);
  expect(jsonata.errorsText('\n')).toMatch(/Output/);
  expect(aslValidator(valid()).isValid).toBe(true);
  expect(aslValidator(badPath()).errorsText('\n')).toBe(path.errorsText('\n'));
});

test('the Ajv asl-validator builds is one instance across its calls (what makes the suite faster)', () => {
  const ajv = jest.requireActual('ajv');
  const made: unknown[] = [];
  const original = ajv.default.prototype.validate;
  const spy = jest.spyOn(ajv.default.prototype, 'validate').mockImplementation(function (this: unknown, ...args: unknown[]) {
    made.push(this);
    return original.apply(this, args);
  });
  try {
    aslValidator(valid());
    aslValidator(badPath());
  } finally {
    spy.mockRestore();
  }
  expect(made).toHaveLength(2);
  expect(made[0]).toBe(made[1]);
});
