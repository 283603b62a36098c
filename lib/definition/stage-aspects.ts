import { AspectPriority, Aspects, IAspect, Stage } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * aws-cdk-lib invokes an Aspect on its scope's constructs up to a nested `Stage` and not into it
 * (its `invokeAspects` skips children that are stages, and a stage's own synthesis starts with
 * no inherited aspects), so `Aspects.of(app).add(guardrails)` would check nothing of an app
 * whose stacks are in stages (CDK Pipelines). The aspects marked here reach into the stages
 * under their scope: every stage that holds a processing job gets one forwarding aspect that
 * visits its constructs with them.
 */
const REACHING = new WeakSet<IAspect>();

/** Marks an Aspect to be invoked on the constructs of the stages under the scopes it is applied to, too. */
export function reachIntoStages(aspect: IAspect): void {
  REACHING.add(aspect);
}

const forwarding = new WeakSet<Stage>();

/** Has the marked aspects of the scopes above `scope`'s stage visit that stage's constructs (once per stage). */
export function forwardOuterAspects(scope: IConstruct): void {
  const stage = Stage.of(scope);
  if (stage === undefined || stage.node.scope === undefined || forwarding.has(stage)) return;
  forwarding.add(stage);
  // The priority an Aspect gets by default, so it runs after the mutating ones (Tags) of the stage, as it would in a stack.
  Aspects.of(stage).add(new OuterAspects(stage), { priority: AspectPriority.DEFAULT });
}

class OuterAspects implements IAspect {
  constructor(private readonly stage: Stage) {}

  public visit(node: IConstruct): void {
    const scopes = node.node.scopes;
    // An aspect applied inside the stage too is invoked there by aws-cdk-lib already.
    const inside = new Set(scopes.slice(scopes.indexOf(this.stage)).flatMap((s) => Aspects.of(s).all));
    const outer = new Set(this.stage.node.scopes.slice(0, -1).flatMap((s) => Aspects.of(s).all));
    for (const aspect of outer) if (REACHING.has(aspect) && !inside.has(aspect)) aspect.visit(node);
  }
}
