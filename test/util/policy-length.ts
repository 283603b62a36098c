/**
 * The longest a synthesized role's inline policies can be once deployed, as IAM counts them (IAM
 * User Guide, "IAM and AWS STS quotas": a role's inline policies together, at most 10,240
 * characters, white space not counted): every reference replaced by the longest value it can take
 * in any partition, region and account. Written from the template alone, apart from the library's
 * own arithmetic, so a test of that arithmetic can fail.
 */

/** The longest values of the pseudo parameters: `aws-us-gov`, `us-isof-south-1` (aws-cdk-lib's region-info), 12 digits, `amazonaws.com.cn`. */
const PSEUDO: { [name: string]: number } = { 'AWS::Partition': 10, 'AWS::Region': 15, 'AWS::AccountId': 12, 'AWS::URLSuffix': 16 };
const arn = (service: string, resource: number, regional = true) => 'arn:'.length + 10 + 1 + service.length + 1 + (regional ? 15 : 0) + 1 + 12 + 1 + resource;

/** The longest value of `Ref` (attribute undefined) or `Fn::GetAtt` of a resource of the template, by its type. */
function attributeLongest(template: any, logicalId: string, attribute?: string): number {
  const resource = template.Resources?.[logicalId];
  if (resource === undefined) throw new Error(`no resource ${logicalId}`);
  const key = `${resource.Type}${attribute ? `.${attribute}` : ''}`;
  switch (key) {
    // Names: state machines 1–80 (Step Functions API), topics 1–256 (SNS API), queues 1–80 (SQS API), roles 1–64 (IAM API).
    case 'AWS::StepFunctions::StateMachine': return arn('states', 'stateMachine:'.length + 80);
    case 'AWS::SNS::Topic': return arn('sns', 256);
    case 'AWS::SQS::Queue.Arn': return arn('sqs', 80);
    case 'AWS::KMS::Key.Arn': return arn('kms', 'key/'.length + 36);
    case 'AWS::IAM::Role.Arn': {
      const path = resource.Properties?.Path;
      if (path !== undefined && typeof path !== 'string') throw new Error(`${logicalId}: a path that is not a literal`);
      return arn('iam', 'role'.length + (path ?? '/').length + 64, false);
    }
    default: throw new Error(`no longest value known for ${key} (${logicalId})`);
  }
}

/** The longest length of the string an intrinsic (or a literal) stands for. */
function stringLongest(template: any, value: any): number {
  if (typeof value === 'string') return value.length;
  if (value.Ref !== undefined) return PSEUDO[value.Ref] ?? attributeLongest(template, value.Ref);
  if (value['Fn::GetAtt'] !== undefined) {
    const [id, attribute] = typeof value['Fn::GetAtt'] === 'string' ? value['Fn::GetAtt'].split('.') : value['Fn::GetAtt'];
    return attributeLongest(template, id, attribute);
  }
  if (value['Fn::Join'] !== undefined) {
    const [separator, parts] = value['Fn::Join'];
    return parts.reduce((sum: number, part: any) => sum + stringLongest(template, part), 0) + separator.length * Math.max(0, parts.length - 1);
  }
  if (value['Fn::Sub'] !== undefined) {
    const [text, variables] = typeof value['Fn::Sub'] === 'string' ? [value['Fn::Sub'], {}] : value['Fn::Sub'];
    let length = 0;
    const literal = text.replace(/\$\{([^!}][^}]*)\}/g, (_: string, name: string) => {
      if (variables[name] !== undefined) length += stringLongest(template, variables[name]);
      else {
        const [id, attribute] = name.split('.');
        length += PSEUDO[name] ?? attributeLongest(template, id, attribute);
      }
      return '';
    });
    return length + literal.length;
  }
  throw new Error(`no longest length for ${JSON.stringify(value)}`);
}

const INTRINSICS = ['Ref', 'Fn::GetAtt', 'Fn::Join', 'Fn::Sub'];

/** `value` with every intrinsic replaced by a string as long as its longest value. */
function longestForm(template: any, value: any): any {
  if (Array.isArray(value)) return value.map((v) => longestForm(template, v));
  if (typeof value !== 'object' || value === null) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && INTRINSICS.includes(keys[0])) return 'x'.repeat(stringLongest(template, value));
  return Object.fromEntries(keys.map((k) => [k, longestForm(template, value[k])]));
}

/**
 * The longest the inline policies of role `logicalId` can be together, in IAM's characters: its `Policies` and every
 * `AWS::IAM::Policy` of the template attached to it (aws-cdk-lib's `DefaultPolicy`), which IAM counts as the same.
 */
export function inlinePolicyLongest(template: any, logicalId: string): number {
  const attached = Object.values<any>(template.Resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && (r.Properties.Roles ?? []).some((x: any) => x?.Ref === logicalId))
    .map((r) => r.Properties.PolicyDocument);
  const documents: any[] = [...(template.Resources[logicalId].Properties.Policies ?? []).map((p: any) => p.PolicyDocument), ...attached];
  // JSON.stringify writes no white space; the documents' strings have none the library writes.
  return documents.reduce((sum, d) => sum + JSON.stringify(longestForm(template, d)).length, 0);
}
