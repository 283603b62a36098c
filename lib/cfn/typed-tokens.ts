import { Fn, IResolvable, IResolveContext, Token, Tokenization } from 'aws-cdk-lib';

/**
 * Deploy-time numbers and lists in a definition written as JSON text.
 *
 * The library writes a state machine definition's JSON itself (a job's own runner: `Fn::Sub` of its
 * pieces; a large runner: a file with `DefinitionSubstitutions`), each CloudFormation value a text
 * placeholder. A placeholder inside a JSON string is right for a string (a role ARN), but a number
 * (`CfnParameter.valueAsNumber` as `instanceCount`) would be written `"InstanceCount":"2"`, which
 * SageMaker refuses (an integer member), and a list (`valueAsList` as `arguments`) would be a string,
 * or a list in `Fn::Sub`'s variables, which CloudFormation refuses. So, before resolution, each
 * value that is a whole number token or list token is replaced by a marked string, and
 * {@link unquoteTypedValues} rewrites the marked JSON strings of the text: a number without its
 * quotes (`"InstanceCount":2`; CloudFormation gives a `Number` parameter's `Ref` as text, so it
 * joins), a list as `["<items joined with ",">"]` (`Fn::Join` of the list, as CloudFormation has no
 * JSON encoding function). The items of a deploy-time list are written as they are (an item with a
 * `"` or a `\` would break the JSON): docs/processing-job.md says so.
 */
const NUMBER_MARK = '\uE004';
const LIST_MARK = '\uE005';
const END_MARK = '\uE006';

/**
 * `value` with each whole number token (and, unless `lists` is false, each list token) replaced by a marked
 * string token (plain objects and arrays walked; other values kept).
 */
export function markTypedTokens(value: unknown, lists = true): unknown {
  if (typeof value === 'number') {
    if (!Token.isUnresolved(value)) return value;
    return `${NUMBER_MARK}${Token.asString(Tokenization.reverseNumber(value) as IResolvable)}${END_MARK}`;
  }
  if (Array.isArray(value)) {
    if (Token.isUnresolved(value)) return lists ? `${LIST_MARK}${Fn.join('","', value)}${END_MARK}` : value;
    return value.map((item) => markTypedTokens(item, lists));
  }
  if (value === null || typeof value !== 'object' || Tokenization.isResolvable(value) || value instanceof Date) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, markTypedTokens(v, lists)]));
}

/**
 * A JSON text that aws-cdk-lib writes itself (a schedule's or rule's target input: `toJsonString` of an object
 * marked by `markTypedTokens(…, false)`), resolved with its marked numbers unquoted. aws-cdk-lib writes a string
 * token inside a JSON string as literal text, the token, literal text, so each mark sits in a literal piece
 * (of a `Fn::Join`, or of the `Fn::Sub` it is compacted to) beside its quote: `"InstanceCount":"` + mark.
 */
export function unquoteMarkedNumbers(text: string): string {
  return Token.asString(new UnquotedNumbers(text));
}

class UnquotedNumbers implements IResolvable {
  public readonly creationStack: string[] = [];
  constructor(private readonly text: string) {}
  public resolve(context: IResolveContext): unknown {
    return withoutNumberMarks(context.resolve(this.text));
  }
  public toString(): string {
    return Token.asString(this);
  }
}

function withoutNumberMarks(value: unknown): unknown {
  if (typeof value === 'string') return value.split(`"${NUMBER_MARK}`).join('').split(`${END_MARK}"`).join('').split(NUMBER_MARK).join('').split(END_MARK).join('');
  if (Array.isArray(value)) return value.map(withoutNumberMarks);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutNumberMarks(v)]));
}

/** The JSON text of a value marked by {@link markTypedTokens}: its numbers unquoted, its lists as JSON lists. */
export function unquoteTypedValues(jsonText: string): string {
  // The marks are private-use characters JSON.stringify writes as they are; the text between them is a JSON string's
  // inside (a placeholder, or the value when it was known at synth: a Lazy's), read back as the raw text it stands for.
  return jsonText.replace(new RegExp(`"(${NUMBER_MARK}|${LIST_MARK})([^${END_MARK}]*)${END_MARK}"`, 'g'), (_all, mark: string, inside: string) => {
    const raw = JSON.parse(`"${inside}"`) as string;
    return mark === NUMBER_MARK ? raw : `["${raw}"]`;
  });
}
