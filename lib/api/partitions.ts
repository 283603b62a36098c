/**
 * The DNS domain of each AWS partition: the partitions' `dnsSuffix` in botocore's
 * botocore/data/endpoints.json (botocore 1.43), which aws-cdk-lib's region-info holds as the
 * `domainSuffix` of their regions (test/api/partitions.test.ts holds the two equal). Service hosts
 * are `<service>.<region>.<domain>`: an ECR registry `<account>.dkr.ecr.<region>.<domain>`, S3
 * `s3.<region>.<domain>`.
 */
export const PARTITION_DOMAINS: { readonly [partition: string]: string } = {
  'aws': 'amazonaws.com',
  'aws-cn': 'amazonaws.com.cn',
  'aws-us-gov': 'amazonaws.com',
  'aws-iso': 'c2s.ic.gov',
  'aws-iso-b': 'sc2s.sgov.gov',
  'aws-iso-e': 'cloud.adc-e.uk',
  'aws-iso-f': 'csp.hci.ic.gov',
  'aws-eusc': 'amazonaws.eu',
};

/** A token in a string, as aws-cdk-lib encodes it (`${Token[AWS.URLSuffix.3]}`). */
export const STRING_TOKEN_PATTERN = String.raw`\$\{Token\[[^\]]+\]\}`;

/**
 * A regular-expression alternative (no group) for a service host's domain: the domain of any
 * partition (the longest first), or one whole token (`${Aws.URL_SUFFIX}`, as aws-cdk-lib writes `stack.urlSuffix`).
 */
export const DOMAIN_PATTERN = [...new Set(Object.values(PARTITION_DOMAINS))]
  // The longest first, so `amazonaws.com.cn` is not read as `amazonaws.com` and a path `.cn/...`.
  .sort((a, b) => b.length - a.length)
  .map((d) => d.replace(/\./g, '\\.')).concat(STRING_TOKEN_PATTERN).join('|');

/**
 * Which partition a region name belongs to: the partitions' `regionRegex` of botocore's
 * endpoints.json (botocore 1.43), the most specific first (`us-gov-`, `us-iso-` and `us-isob-`
 * before `aws`'s `us-*-*`, which needs a single word between the dashes anyway).
 */
const PARTITION_REGIONS: Array<[string, RegExp]> = [
  ['aws-cn', /^cn-\w+-\d+$/],
  ['aws-us-gov', /^us-gov-\w+-\d+$/],
  ['aws-iso', /^us-iso-\w+-\d+$/],
  ['aws-iso-b', /^us-isob-\w+-\d+$/],
  ['aws-iso-e', /^eu-isoe-\w+-\d+$/],
  ['aws-iso-f', /^us-isof-\w+-\d+$/],
  ['aws-eusc', /^eusc-(de)-\w+-\d+$/],
  ['aws', /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/],
];

/** The partition of a region by its name, or undefined for a name no partition's pattern takes. */
export function partitionOfRegion(region: string): string | undefined {
  return PARTITION_REGIONS.find(([, pattern]) => pattern.test(region))?.[0];
}
