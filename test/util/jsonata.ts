import { randomUUID } from 'crypto';
import jsonata from 'jsonata';

/**
 * Evaluates a Step Functions JSONata template (an object whose string leaves may be
 * `{% expr %}`) with the `jsonata` package, as Step Functions does: `$states` holds the input
 * and the context object, and `$uuid()` is the Step Functions extension function.
 */
export async function evaluateJsonata(template: unknown, states: { input: unknown; context: unknown }): Promise<any> {
  if (typeof template === 'string') {
    const match = /^\{%([\s\S]*)%\}$/.exec(template.trim());
    if (!match) return template;
    const expression = jsonata(match[1]);
    expression.registerFunction('uuid', () => randomUUID(), '<:s>');
    return expression.evaluate({}, { states });
  }
  if (Array.isArray(template)) return Promise.all(template.map((t) => evaluateJsonata(t, states)));
  if (template && typeof template === 'object') {
    const entries = await Promise.all(Object.entries(template).map(async ([k, v]) => [k, await evaluateJsonata(v, states)] as const));
    return Object.fromEntries(entries);
  }
  return template;
}
