import { RegionInfo } from 'aws-cdk-lib/region-info';
import * as fc from 'fast-check';
import { parseEcrImageUri } from '../../lib/image/ecr-image-uri';

describe('parseEcrImageUri: the account, region and repository of a private ECR image URI', () => {
  test.each([
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/features:1', { account: '123456789012', region: 'eu-west-1', repository: 'features' }],
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/features', { account: '123456789012', region: 'eu-west-1', repository: 'features' }],
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com/team/a.b_c-d:v1.2@sha256:' + 'a'.repeat(64), { account: '123456789012', region: 'us-east-1', repository: 'team/a.b_c-d' }],
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com/team/jobs@sha256:' + 'b'.repeat(64), { account: '123456789012', region: 'us-east-1', repository: 'team/jobs' }],
    ['123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com/jobs:1', { account: '123456789012', region: 'us-gov-west-1', repository: 'jobs' }],
    ['123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/jobs:1', { account: '123456789012', region: 'cn-north-1', repository: 'jobs' }],
    ['123456789012.dkr-ecr.ap-southeast-2.on.aws/jobs:1', { account: '123456789012', region: 'ap-southeast-2', repository: 'jobs' }],
    // As repository.repositoryUriForTag writes an imported repository's URI: the domain is AWS::URLSuffix.
    ['123456789012.dkr.ecr.eu-west-1.${Token[AWS.URLSuffix.3]}/features:1', { account: '123456789012', region: 'eu-west-1', repository: 'features' }],
  ])('%s', (uri, parts) => {
    expect(parseEcrImageUri(uri)).toEqual(parts);
  });

  test.each([
    'public.ecr.aws/docker/library/python:3.12-slim',
    'registry.example.com/team/jobs:1',
    'python:3.12',
    '12345678901.dkr.ecr.eu-west-1.amazonaws.com/jobs:1',
    '123456789012.dkr.ecr.eu-west-1.amazonaws.com/',
    '123456789012.dkr.ecr.eu-west-1.amazonaws.com/Jobs:1',
    '123456789012.dkr.ecr.eu-west-1.example.com/jobs:1',
  ])('%s is not a private ECR image', (uri) => {
    expect(parseEcrImageUri(uri)).toBeUndefined();
  });

  test.each(RegionInfo.regions.map((r) => [r.name, r.domainSuffix!]))('a registry of %s, in its partition\'s domain %s', (region, domain) => {
    expect(parseEcrImageUri(`123456789012.dkr.ecr.${region}.${domain}/team/jobs:1`)).toEqual({ account: '123456789012', region, repository: 'team/jobs' });
  });

  test('any account, region, repository and tag or digest parse back to their parts', () => {
    const part = fc.stringMatching(/^[a-z0-9]{1,6}$/);
    const repository = fc.array(fc.tuple(part, fc.array(fc.tuple(fc.constantFrom('.', '_', '-'), part), { maxLength: 2 })), { minLength: 1, maxLength: 3 })
      .map((segments) => segments.map(([head, rest]) => head + rest.map(([sep, p]) => sep + p).join('')).join('/'));
    const reference = fc.oneof(fc.constant(''), fc.stringMatching(/^:[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}$/), fc.stringMatching(/^@sha256:[a-f0-9]{64}$/));
    fc.assert(fc.property(
      fc.stringMatching(/^\d{12}$/), fc.constantFrom('eu-west-1', 'us-east-1', 'ap-southeast-2', 'us-gov-west-1', 'il-central-1'), repository, reference,
      (account, region, repo, ref) => {
        expect(parseEcrImageUri(`${account}.dkr.ecr.${region}.amazonaws.com/${repo}${ref}`)).toEqual({ account, region, repository: repo });
      },
    ), { numRuns: 300 });
  });
});
