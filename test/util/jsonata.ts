import { randomUUID } from 'crypto';
import jsonata from 'jsonata';

/**
 * Evaluates a Step Functions JSONata template (an object whose string leaves may be
 * `{% expr %}`) with the `jsonata` package, as Step Functions does: `$states` holds the input
 * and the context object, and `$uuid()` is the Step Functions extension function.
 */
export async function evaluateJsonata(template: unknown, states: { input: unknown; context: unknown }, variables: Record<string, unknown> = {}): Promise<any> {
  if (typeof template === 'string') {
    const match = /^\{%([\s\S]*)%\}$/.exec(template.trim());
    if (!match) return template;
    const expression = compiled(match[1]);
    return expression.evaluate({}, { ...variables, states });
  }
  if (Array.isArray(template)) return Promise.all(template.map((t) => evaluateJsonata(t, states, variables)));
  if (template && typeof template === 'object') {
    const entries = await Promise.all(Object.entries(template).map(async ([k, v]) => [k, await evaluateJsonata(v, states, variables)] as const));
    return Object.fromEntries(entries);
  }
  return template;
}

/** Compiling the runner's check takes longer than evaluating it: one compiled expression per text. */
const expressions = new Map<string, jsonata.Expression>();
function compiled(text: string): jsonata.Expression {
  let expression = expressions.get(text);
  if (!expression) {
    expression = jsonata(text);
    expression.registerFunction('uuid', () => randomUUID(), '<:s>');
    expressions.set(text, expression);
  }
  return expression;
}
