/**
 * Values of a rendered request that are not known until deploy or run time, which the contract
 * validators accept in place of any value (they check the member is allowed, not its content):
 *
 * - a CloudFormation intrinsic (`{ "Ref": … }`, `{ "Fn::…": … }`) that was not evaluated;
 * - a string holding {@link UNRESOLVED} (what `evaluateIntrinsics` puts where it cannot compute a value);
 * - a JSONata expression (`{% … %}`), or a CDK token that was never resolved (`${Token[…]}`).
 *
 * A JSONPath value is a member name ending in `.$` (Step Functions' `Parameters`); the validators
 * strip the suffix and accept the value as unknown.
 */
export const UNRESOLVED = '\u27e6unresolved\u27e7';

export function isUnresolvedValue(value: unknown): boolean {
  if (typeof value === 'string') {
    if (value.includes(UNRESOLVED) || value.includes('${Token[')) return true;
    const trimmed = value.trim();
    return trimmed.startsWith('{%') && trimmed.endsWith('%}');
  }
  return isIntrinsic(value);
}

/** `{ "Ref": x }` or `{ "Fn::Name": x }`: one key, a CloudFormation function. */
export function isIntrinsic(value: unknown): value is { [fn: string]: unknown } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::') || keys[0] === 'Condition');
}

/** The member a key names: `Foo.$` (a JSONPath value) names `Foo`. */
export function memberName(key: string): { name: string; dynamic: boolean } {
  return key.endsWith('.$') ? { name: key.slice(0, -2), dynamic: true } : { name: key, dynamic: false };
}

/** A JSON path for messages: `ProcessingInputs[0].S3Input.S3Uri`. */
export function childPath(parent: string, child: string | number): string {
  if (typeof child === 'number') return `${parent}[${child}]`;
  return parent === '' ? child : `${parent}.${child}`;
}

export function isPlainObject(value: unknown): value is { [key: string]: unknown } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
