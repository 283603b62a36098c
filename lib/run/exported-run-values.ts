import { CfnElement, CfnOutput, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * The messages for every export of `resources`' stack whose value references one of them: the
 * values of a deploy-time run's resources (its name, its job's ARN and status, its completion)
 * are new with every run, and CloudFormation refuses to change an export another stack imports
 * (CloudFormation Template Reference, `Fn::ImportValue`: "After another stack imports an output
 * value, you can't … modify the exported output value"; the update fails with "Cannot update
 * export … as it is in use by …"), so the run's stack could not deploy its next run. aws-cdk-lib
 * writes a strong cross-stack reference as such an export (`Fn::ImportValue`); it creates the
 * exports before construct validation, so a validation sees them.
 *
 * @param resources what a run's attributes come from, by the attribute's name in the message
 */
export function exportedRunValueProblems(path: string, resources: { [attribute: string]: IConstruct }): string[] {
  const byLogicalId = new Map<string, string>();
  let stack: Stack | undefined;
  for (const [attribute, construct] of Object.entries(resources)) {
    const element = CfnElement.isCfnElement(construct) ? construct : construct.node.defaultChild;
    if (!CfnElement.isCfnElement(element)) continue;
    stack = element.stack;
    byLogicalId.set(stack.resolve(element.logicalId), attribute);
  }
  if (!stack) return [];
  const problems: string[] = [];
  for (const output of stack.node.findAll().filter((c): c is CfnOutput => c instanceof CfnOutput)) {
    if (output.exportName === undefined) continue;
    const value = JSON.stringify(stack.resolve(output.value));
    for (const [logicalId, attribute] of byLogicalId) {
      if (!new RegExp(`(?<![A-Za-z0-9])${logicalId}(?![A-Za-z0-9])`).test(value)) continue;
      problems.push(`${path}: its ${attribute} is exported as '${stack.resolve(output.exportName)}' for another stack, ` +
        'and it changes with every run: CloudFormation refuses to change an export another stack imports ("Cannot update export … as it is in use"), ' +
        'so the next run could not deploy. Use it in this stack only; to hand the latest run to another stack, write it to an SSM parameter ' +
        'in this stack and read the parameter by name there');
      break;
    }
  }
  return problems;
}
