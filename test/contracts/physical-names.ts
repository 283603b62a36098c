import { ExportTable, IntrinsicEvaluator, StackTemplate } from './intrinsics';
import { UNRESOLVED } from './unresolved';

/** A stack with the environment it deploys to (`aws://<account>/<region>`, `unknown-account`/`unknown-region` when env-agnostic). */
export interface EnvironmentStack extends StackTemplate {
  readonly environment: string;
}

/**
 * The properties that name a resource physically, by type, and where the name must be unique: in
 * the account and region (`regional`), or in all of AWS's partition (S3 bucket names). Two stacks
 * deployed to one environment that name two resources alike fail: the second create finds the
 * name taken ("... already exists"). Export names are unique in an account and region too
 * (CloudFormation Template Reference, `Fn::ImportValue`).
 */
export const NAME_PROPERTIES: { [type: string]: { property: string; global?: boolean } } = {
  'AWS::S3::Bucket': { property: 'BucketName', global: true },
  'AWS::IAM::Role': { property: 'RoleName' },
  'AWS::IAM::ManagedPolicy': { property: 'ManagedPolicyName' },
  'AWS::Logs::LogGroup': { property: 'LogGroupName' },
  'AWS::Events::Rule': { property: 'Name' },
  'AWS::Scheduler::Schedule': { property: 'Name' },
  'AWS::StepFunctions::StateMachine': { property: 'StateMachineName' },
  'AWS::Lambda::Function': { property: 'FunctionName' },
  'AWS::SNS::Topic': { property: 'TopicName' },
  'AWS::ECR::Repository': { property: 'RepositoryName' },
  'AWS::KMS::Alias': { property: 'AliasName' },
  'AWS::SSM::Parameter': { property: 'Name' },
  'AWS::CloudWatch::Alarm': { property: 'AlarmName' },
  'AWS::Scheduler::ScheduleGroup': { property: 'Name' },
};

/**
 * Physical names and export names given twice among stacks that deploy to one environment (an
 * env-agnostic stack deploys wherever the CLI points, so two of them in one app count as one
 * environment). IAM names are global to the account; the region is ignored for them.
 */
export function duplicateNameProblems(stacks: EnvironmentStack[], exports: ExportTable): string[] {
  const seen = new Map<string, string>();
  const problems: string[] = [];
  const claim = (key: string, where: string, what: string) => {
    const first = seen.get(key);
    if (first !== undefined && first !== where) problems.push(`${where}: ${what} is also given by ${first}; the second deployment fails (the name exists)`);
    else seen.set(key, where);
  };
  for (const stack of stacks) {
    const [account, region] = stack.environment.replace(/^aws:\/\//, '').split('/');
    const evaluator = new IntrinsicEvaluator(stack, exports);
    for (const [id, resource] of Object.entries<any>(stack.template.Resources ?? {})) {
      const naming = NAME_PROPERTIES[resource.Type];
      const value = naming && resource.Properties?.[naming.property];
      if (value === undefined) continue;
      const name = evaluator.evaluate(value);
      if (typeof name !== 'string' || name.includes(UNRESOLVED)) continue;
      const scope = naming.global ? 'global' : resource.Type.startsWith('AWS::IAM::') ? account : `${account}/${region}`;
      claim(`${resource.Type} ${scope} ${name}`, `${stack.stackName}/${id}`, `${resource.Type} ${naming.property} '${name}'`);
    }
    for (const [id, output] of Object.entries<any>(stack.template.Outputs ?? {})) {
      const name = output.Export?.Name === undefined ? undefined : evaluator.evaluate(output.Export.Name);
      if (typeof name === 'string' && !name.includes(UNRESOLVED)) claim(`export ${account}/${region} ${name}`, `${stack.stackName} output ${id}`, `export name '${name}'`);
    }
  }
  return problems;
}
