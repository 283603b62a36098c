/**
 * Applies an EventBridge input transformer to an event, as EventBridge does (EventBridge User
 * Guide, "Amazon EventBridge input transformation"): each `InputPathsMap` entry reads a JSON path
 * of the event; in `InputTemplate`, `<name>` inside a JSON string is replaced by the raw value,
 * and outside a string by the value as JSON. Returns the parsed result, i.e. what the target gets.
 */
export function applyInputTransformer(transformer: { InputPathsMap: { [name: string]: string }; InputTemplate: string }, event: object): any {
  const values: { [name: string]: unknown } = {};
  for (const [name, path] of Object.entries(transformer.InputPathsMap)) values[name] = readPath(event, path);
  const template = transformer.InputTemplate;
  let out = '';
  let inString = false;
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c === '"' && template[i - 1] !== '\\') inString = !inString;
    const placeholder = c === '<' ? /^<([^<>"]+)>/.exec(template.slice(i)) : null;
    if (placeholder && placeholder[1] in values) {
      const json = JSON.stringify(values[placeholder[1]]);
      out += inString ? json.slice(1, -1) : json;
      i += placeholder[0].length - 1;
    } else {
      out += c;
    }
  }
  return JSON.parse(out);
}

function readPath(event: object, path: string): unknown {
  if (!path.startsWith('$.')) throw new Error(`unsupported path ${path}`);
  return path.slice(2).split('.').reduce<any>((node, key) => (node === undefined ? undefined : node[key]), event);
}
