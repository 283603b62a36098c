import { CfnElement, CfnOutput, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** The id of the warning for a run's value read by another stack through a weak reference. */
export const WEAKLY_READ_RUN_VALUE_WARNING = 'cdk-sagemaker-processing:run-value-read-by-another-stack';

/**
 * The construct under which aws-cdk-lib writes the outputs that weak cross-stack references read
 * (`@aws-cdk/core:defaultCrossStackReferences` `weak` or `both`, which `cdk init` sets: its
 * NEW_PROJECT_DEFAULT_CONTEXT): `<producing stack>/Publish/Output…`, each read by the consumer
 * with `Fn::GetStackOutput` (aws-cdk-lib 2.276 core/lib/private/refs.js, `createGetStackOutput`).
 */
const WEAK_REFERENCE_SCOPE = 'Publish';

/** What the run's values are, by the attribute's name in the messages. */
type RunResources = { [attribute: string]: IConstruct };

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
export function exportedRunValueProblems(path: string, resources: RunResources): string[] {
  return outputsReferencing(resources, (output) => output.exportName !== undefined).map(({ output, attribute, stack }) =>
    `${path}: its ${attribute} is exported as '${stack.resolve(output.exportName)}' for another stack, ` +
    'and it changes with every run: CloudFormation refuses to change an export another stack imports ("Cannot update export … as it is in use"), ' +
    `so the next run could not deploy. ${WAY_OUT}`);
}

/**
 * The warnings for every output of a weak cross-stack reference (`Fn::GetStackOutput`) whose value
 * references one of `resources`: CloudFormation deploys it, but the other stack reads the value
 * only when that stack is itself created or updated (CloudFormation Template Reference,
 * `Fn::GetStackOutput`: "The referenced value is resolved at stack create or update time. If the
 * referenced stack or output is later deleted or modified, the consuming stack is not automatically
 * updated"), and its template, which names the output and not the value, does not change with a
 * run: `cdk deploy` leaves it as it is, and it keeps an earlier run's name or ARN.
 */
export function weaklyReadRunValueWarnings(path: string, resources: RunResources): string[] {
  return outputsReferencing(resources, (output) => output.node.scope?.node.id === WEAK_REFERENCE_SCOPE && output.node.scope.node.scope === Stack.of(output))
    .map(({ output, attribute, stack }) =>
      `${path}: its ${attribute} is read by another stack through a weak cross-stack reference (Fn::GetStackOutput of output ` +
      `'${stack.resolve(output.logicalId)}'), and it changes with every run: that stack reads it only when its own template changes, ` +
      `so it keeps an earlier run's value. ${WAY_OUT}`);
}

const WAY_OUT = 'Use it in this stack only; to hand the latest run to another stack, write it to an SSM parameter ' +
  'in this stack and read the parameter by name there';

/** The outputs of the run's stack that `kind` selects and whose value references one of `resources` (the first such attribute of each). */
function outputsReferencing(resources: RunResources, kind: (output: CfnOutput) => boolean): Array<{ output: CfnOutput; attribute: string; stack: Stack }> {
  const byLogicalId = new Map<string, string>();
  let stack: Stack | undefined;
  for (const [attribute, construct] of Object.entries(resources)) {
    const element = CfnElement.isCfnElement(construct) ? construct : construct.node.defaultChild;
    if (!CfnElement.isCfnElement(element)) continue;
    stack = element.stack;
    byLogicalId.set(stack.resolve(element.logicalId), attribute);
  }
  if (!stack) return [];
  const found: Array<{ output: CfnOutput; attribute: string; stack: Stack }> = [];
  for (const output of stack.node.findAll().filter((c): c is CfnOutput => c instanceof CfnOutput && kind(c))) {
    const value = JSON.stringify(stack.resolve(output.value));
    for (const [logicalId, attribute] of byLogicalId) {
      if (!new RegExp(`(?<![A-Za-z0-9])${logicalId}(?![A-Za-z0-9])`).test(value)) continue;
      found.push({ output, attribute, stack });
      break;
    }
  }
  return found;
}
