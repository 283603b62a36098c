import { IResolvable, IResolveContext, Stack, Token } from 'aws-cdk-lib';

/**
 * `value` as the template will have it, with every `Fn::Join` written as one `Fn::Sub`: the same
 * string at deploy time in fewer bytes (an ARN: a third). aws-cdk-lib writes a string with tokens (an
 * ARN, a JSON document with references) as `Fn::Join` of its pieces, each reference an object of
 * several lines in the template; `Fn::Sub` takes `Ref`s and `Fn::GetAtt`s inline (`${Id}`,
 * `${Id.Attr}`, `${AWS::Region}`) and any other intrinsic as a variable (CloudFormation User Guide,
 * `Fn::Sub`: "Supported functions"). Literal `${…}` is written `${!…}` (same page, "Parameters"); a join
 * whose text cannot be written so (a `${` with no `}` after it) stays a `Fn::Join`.
 * A lone `Fn::GetAtt` of an `Arn` (a role's, a bucket's, a log group's: always one string) is
 * written as `Fn::Sub` `${Id.Arn}` too: one line instead of four.
 *
 * Resolved with the template (references to other stacks are already imports then), so it may
 * wrap any value: a policy document, a target's input, a definition string.
 */
export function compactIntrinsics(value: unknown): IResolvable {
  return new CompactIntrinsics(value);
}

class CompactIntrinsics implements IResolvable {
  public readonly creationStack: string[] = [];

  constructor(private readonly value: unknown) {}

  /**
   * Set by aws-cdk-lib's prepare pass, which starts every synthesis: the first resolution after it,
   * kept for one more use. A synthesis resolves the value three times: to find references
   * (`context.preparing`), for the template and for the tree metadata (tree.json). References are
   * final once prepared and nothing changes the value until the synthesis ends, so the second
   * resolution is served the first's result (a policy document or a definition costs as much to
   * resolve as its statements or states). Any further resolution, and every one outside a
   * synthesis (`stack.resolve` after `app.synth()`), computes anew.
   */
  private prepared?: { kept?: { readonly stack: Stack; readonly value: unknown } };

  public resolve(context: IResolveContext): unknown {
    if (context.preparing) {
      this.prepared = {};
      return context.resolve(this.value);
    }
    const stack = Stack.of(context.scope);
    const prepared = this.prepared;
    if (prepared?.kept !== undefined) {
      this.prepared = undefined;
      if (prepared.kept.stack === stack) return prepared.kept.value;
    }
    const value = subForJoins(context.resolve(this.value));
    if (prepared !== undefined && prepared.kept === undefined) prepared.kept = { stack, value };
    return value;
  }

  public toString(): string {
    return Token.asString(this);
  }
}

/**
 * A resolved template value with each `Fn::Join` of strings, and each `Fn::GetAtt` of an `Arn`, as
 * `Fn::Sub`, innermost first. A copy:
 * the input is left as it is. It runs over every policy, target input and definition the library
 * writes, at each resolution, so it copies in one pass without intermediate arrays.
 */
export function subForJoins(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(subForJoins);
  const object = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  let keys = 0;
  for (const key of Object.keys(object)) {
    const item = subForJoins(object[key]);
    // A key `__proto__` stays a key (assigned, it would set the copy's prototype).
    if (key === '__proto__') Object.defineProperty(copy, key, { value: item, enumerable: true, writable: true, configurable: true });
    else copy[key] = item;
    keys++;
  }
  const args = copy['Fn::Join'];
  if (keys === 1 && Array.isArray(args) && args.length === 2 && typeof args[0] === 'string' && Array.isArray(args[1])) {
    return joinAsSub(args[0], args[1]);
  }
  // Only `Arn`: an attribute may be a list (a subnet's Ipv6CidrBlocks), which Fn::Sub cannot take.
  const att = copy['Fn::GetAtt'];
  if (keys === 1 && Array.isArray(att) && att.length === 2 && typeof att[0] === 'string' && att[1] === 'Arn') {
    return { 'Fn::Sub': `\${${att[0]}.Arn}` };
  }
  return copy;
}

function joinAsSub(delimiter: string, parts: unknown[]): unknown {
  const inline = (part: unknown): string | undefined => {
    const p = part as { Ref?: unknown; 'Fn::GetAtt'?: unknown; 'Fn::Sub'?: unknown };
    if (part === null || typeof part !== 'object' || Object.keys(part).length !== 1) return undefined;
    if (typeof p.Ref === 'string') return `\${${p.Ref}}`;
    // A Fn::Sub without variables (aws-cdk-lib's asset bucket name, an inner join made Sub) is already text of the same syntax.
    if (typeof p['Fn::Sub'] === 'string') return p['Fn::Sub'];
    const att = p['Fn::GetAtt'];
    if (Array.isArray(att) && att.length === 2 && att.every((a) => typeof a === 'string')) return `\${${att[0]}.${att[1]}}`;
    return undefined;
  };
  // Variables for the other intrinsics, named so that no `${Id}` of the text means them.
  const referenced = new Set(parts.map(inline).filter((t): t is string => t !== undefined)
    .flatMap((t) => [...t.matchAll(/\$\{([^!}][^}]*)\}/g)].map((m) => m[1].split('.')[0])));
  const variables: Record<string, unknown> = {};
  let next = 0;
  const variable = (part: unknown) => {
    let name = `V${next++}`;
    while (referenced.has(name)) name = `V${next++}`;
    variables[name] = part;
    return `\${${name}}`;
  };
  // The pieces in order: each run of literal text (strings and the delimiters between them) as one, then each intrinsic.
  const pieces: Array<{ readonly literal: string } | { readonly sub: string }> = [];
  parts.forEach((part, i) => {
    const literal = `${i > 0 ? delimiter : ''}${typeof part === 'string' ? part : ''}`;
    const last = pieces[pieces.length - 1];
    if (literal !== '' && last !== undefined && 'literal' in last) pieces[pieces.length - 1] = { literal: last.literal + literal };
    else if (literal !== '') pieces.push({ literal });
    if (typeof part !== 'string') pieces.push({ sub: inline(part) ?? variable(part) });
  });
  let text = '';
  for (const piece of pieces) {
    // A Sub text is taken as it is when every `${` of it has its `}` (text written after it cannot change what it means).
    const written = 'literal' in piece ? escapeLiteral(piece.literal) : escapeLiteral(piece.sub) !== undefined ? piece.sub : undefined;
    // A `$` and a `{` from two pieces would meet as a `${` no piece meant: the join stays as it is, as does text that cannot be escaped.
    if (written === undefined || (text.endsWith('$') && written.startsWith('{'))) return { 'Fn::Join': [delimiter, parts] };
    text += written;
  }
  return { 'Fn::Sub': Object.keys(variables).length > 0 ? [text, variables] : text };
}

/**
 * `text` as literal text of a `Fn::Sub`: CloudFormation reads from each `${` to the next `}` as one
 * variable, or as literal text when a `!` follows the `${` (User Guide, `Fn::Sub`, "Parameters"; as
 * aws-cdk-lib's template parser reads it, `cfn-parse` `parseFnSubString`), so each such stretch gets
 * one `!`, and a `${` inside it none (it is literal already). Undefined when a `${` has no `}` after
 * it: it would take in the text that follows.
 */
function escapeLiteral(text: string): string | undefined {
  let out = '';
  let from = 0;
  for (let open = text.indexOf('${'); open !== -1; open = text.indexOf('${', from)) {
    const close = text.indexOf('}', open + 2);
    if (close === -1) return undefined;
    out += `${text.slice(from, open)}\${!${text.slice(open + 2, close + 1)}`;
    from = close + 1;
  }
  return out + text.slice(from);
}
