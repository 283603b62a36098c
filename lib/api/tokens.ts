import { Token } from 'aws-cdk-lib';

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

/** True for a Step Functions JSONata expression string, `{% ... %}`. */
export function isJsonataExpression(value: string): boolean {
  const trimmed = value.trim();
  return trimmed.startsWith('{%') && trimmed.endsWith('%}');
}
