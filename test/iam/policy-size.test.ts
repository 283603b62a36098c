import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { LONGEST_REGION, arnLongest, longestLength, roleArnLongest, stateMachineArnLongest } from '../../lib/iam/policy-size';

const stack = new Stack(new App(), 'S');
const assumedBy = new iam.ServicePrincipal('sagemaker.amazonaws.com');

describe('the longest a value can be once deployed', () => {
  test('a literal is as long as it is', () => {
    expect(longestLength(stack, 'arn:aws:sns:eu-west-1:123456789012:alerts')).toBe(41);
  });

  test('the longest region is longer than every region aws-cdk-lib knows, by 5 characters at least', () => {
    expect(Math.max(...RegionInfo.regions.map((r) => r.name.length)) + 5).toBeLessThanOrEqual(LONGEST_REGION);
  });

  test('pseudo parameters at their longest: aws-us-gov (10), a region of 15 characters and 5 to spare (20), 12 digits', () => {
    expect(longestLength(stack, `arn:${stack.partition}:sns:${stack.region}:${stack.account}:alerts`)).toBe('arn::sns:::alerts'.length + 10 + 20 + 12);
  });

  test('any other reference at the bound the caller gives (by default IAM\'s longest ARN, 2048)', () => {
    const role = new iam.Role(stack, 'Other', { assumedBy });
    expect(longestLength(stack, `${role.roleArn}/x`)).toBe(2048 + 2);
    expect(longestLength(stack, `${role.roleArn}/x`, 100)).toBe(102);
  });

  test('a role of the app: role/<path><name>, its path as given (or /) and a generated name of up to 64 characters', () => {
    expect(roleArnLongest(stack, new iam.Role(stack, 'NoPath', { assumedBy }))).toBe(arnLongest('iam', 'role/'.length + 64, false));
    expect(roleArnLongest(stack, new iam.Role(stack, 'Path', { assumedBy, path: '/teams/data/' }))).toBe(arnLongest('iam', 'role/teams/data/'.length + 64, false));
    expect(roleArnLongest(stack, new iam.Role(stack, 'Named', { assumedBy, roleName: 'etl' }))).toBe(arnLongest('iam', 'role/etl'.length, false));
    expect(arnLongest('iam', 69, false)).toBe('arn::iam:::'.length + 10 + 12 + 69);
  });

  test('an imported role: its ARN as written, references at their longest', () => {
    expect(roleArnLongest(stack, iam.Role.fromRoleArn(stack, 'Given', 'arn:aws:iam::123456789012:role/etl'))).toBe(34);
    expect(roleArnLongest(stack, iam.Role.fromRoleArn(stack, 'GivenHere', `arn:${stack.partition}:iam::${stack.account}:role/etl`))).toBe('arn::iam:::role/etl'.length + 10 + 12);
  });

  test('a state machine named by CloudFormation: a name of up to 80 characters', () => {
    expect(stateMachineArnLongest(stack)).toBe('arn::states:::stateMachine:'.length + 10 + 20 + 12 + 80);
    expect(stateMachineArnLongest(stack, 'nightly')).toBe('arn::states:::stateMachine:nightly'.length + 10 + 20 + 12);
  });
});
