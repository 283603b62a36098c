/**
 * The descriptions the library writes into resources name the construct path of what they serve
 * (`SageMaker Processing job <path>`), and a construct id may hold any character but `/`. Some
 * services take only some characters in a description, and only so many:
 *
 * - EC2 `GroupDescription` (CreateSecurityGroup, EC2 API Reference; the CloudFormation resource
 *   schema of `AWS::EC2::SecurityGroup`, `^([a-z,A-Z,0-9,. _\-:/()#,@[\]+=&;\{\}!$*])*$`, up to 255):
 *   ASCII letters, digits, spaces and `._-:/()#,@[]+=&;{}!$*` only, so no `é`, no `'`, no `–`;
 * - IAM role `Description` (CreateRole, IAM API Reference, `[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*`,
 *   up to 1,000): Latin-1 only, so no `–`, no CJK.
 *
 * The service refuses such a value at deployment ("Character sets beyond ASCII are not supported",
 * "Value … failed to satisfy constraint"); aws-cdk-lib's CloudFormation validation only warns. A
 * valid text is kept as it is: `GroupDescription` cannot change without replacing the security group.
 */
export interface DescriptionRule {
  /** The service's name for the field, for the reader of this file. */
  readonly field: string;
  /** Its longest value. */
  readonly max: number;
  /** One character it takes. */
  readonly character: RegExp;
}

export const EC2_GROUP_DESCRIPTION: DescriptionRule = { field: 'GroupDescription', max: 255, character: /[a-zA-Z0-9. _\-:/()#,@[\]+=&;{}!$*]/ };
export const IAM_ROLE_DESCRIPTION: DescriptionRule = { field: 'Description', max: 1000, character: /[\t\n\r\x20-\x7E\xA1-\xFF]/ };

/**
 * `text` as the field takes it: unchanged when valid; otherwise each accented letter without its
 * accent (`é` → `e`), every other character it does not take as `_`, and a text too long cut in
 * its middle (`...`), keeping its start (what the resource is) and its end (the construct's own id).
 */
export function fitDescription(text: string, rule: DescriptionRule): string {
  const valid = (s: string) => s.length <= rule.max && [...s].every((c) => rule.character.test(c));
  if (valid(text)) return text;
  const fitted = [...text.normalize('NFC')].map((c) => {
    if (rule.character.test(c)) return c;
    const bare = c.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
    return [...bare].every((x) => rule.character.test(x)) ? bare : '_';
  }).join('');
  if (fitted.length <= rule.max) return fitted;
  const keep = rule.max - 3;
  const head = Math.floor(keep / 3);
  return `${fitted.slice(0, head)}...${fitted.slice(fitted.length - (keep - head))}`;
}
