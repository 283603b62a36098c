import { Token, Tokenization } from 'aws-cdk-lib';

/**
 * True when a value is only known at deploy or run time: a CDK token (including
 * `sfn.JsonPath.*At()` and `Token.asList/asNumber` of a JSONata expression) or a JSONata
 * expression string (`{% ... %}`). Validation skips such values.
 */
export function isDynamic(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return Token.isUnresolved(value) || isJsonataExpression(value);
  if (Array.isArray(value)) return Token.isUnresolved(value) || value.some((v) => isDynamic(v));
  return Token.isUnresolved(value);
}

/** A string's text with each token in it written as `forToken` (`s3://${…}/raw/` for a bucket's token). */
export function literalText(value: string, forToken: string): string {
  return Tokenization.reverseString(value).mapTokens({ mapToken: () => forToken }).join({ join: (a, b) => `${a}${b}` });
}

/** True for a Step Functions JSONata expression string, `{% ... %}`. */
export function isJsonataExpression(value: string): boolean {
  const trimmed = value.trim();
  return trimmed.startsWith('{%') && trimmed.endsWith('%}');
}

/** The kind of a value only known at run time, and its text (`$.date`, `{% $x %}`), or undefined for other values. */
export function runTimeExpressionOf(value: unknown): { kind: 'JSONPath' | 'JSONata'; text: string } | undefined {
  if (typeof value === 'string' && isJsonataExpression(value)) return { kind: 'JSONata', text: value.trim() };
  let tokens: unknown[] = [];
  // Most values are literals: those need no reversing (it runs over every field of every job's request).
  if ((typeof value === 'string' || typeof value === 'number') && !Token.isUnresolved(value)) return undefined;
  if (typeof value === 'string') tokens = Tokenization.reverseString(value).tokens;
  else if (typeof value === 'number') tokens = [Tokenization.reverseNumber(value)];
  else if (Array.isArray(value) && Token.isUnresolved(value)) tokens = [Tokenization.reverseList(value)];
  else if (value !== null && typeof value === 'object' && Tokenization.isResolvable(value)) tokens = [value];
  for (const t of tokens) {
    // A Step Functions JsonPathToken (sfn.JsonPath.stringAt/listAt/numberAt/objectAt) resolves to its path, which starts
    // with `$`; an intrinsic function's (sfn.JsonPath.format/array/…) to its call, which starts with `States.`.
    const path = (t as { path?: unknown } | undefined)?.path;
    if (typeof path === 'string' && (path.startsWith('$') || path.startsWith('States.'))) return { kind: 'JSONPath', text: path };
    // `Token.asNumber('{% … %}')` / `Token.asList('{% … %}')` wrap the JSONata string in an Intrinsic, which keeps it as its value.
    const inner = (t as { value?: unknown } | undefined)?.value;
    if (typeof inner === 'string' && isJsonataExpression(inner)) return { kind: 'JSONata', text: inner.trim() };
  }
  return undefined;
}
