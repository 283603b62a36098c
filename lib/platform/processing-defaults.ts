import { IConstruct } from 'constructs';
import { processingJobInspectionOf } from '../definition/inspection';
import { addScopeDefaults, ownScopeDefaults, ProcessingDefaultsProps, resolveProcessingDefaults } from '../definition/scope-defaults';

/**
 * Organisation defaults for every processing job (Step Functions task, `ProcessingJob`,
 * deploy-time run) under a scope: an app, a stage or a stack. Like `Tags.of(scope)` and
 * `Aspects.of(scope)`, the defaults live on the scope and every job created under it finds them
 * by walking up the construct tree.
 *
 * Precedence, highest first:
 * 1. the job's own props (an explicit `false` or value always wins);
 * 2. the defaults of the nearest enclosing scope that sets the field (stack over stage over app;
 *    several `add` calls on one scope: the later wins);
 * 3. the library's own defaults (ml.m5.xlarge, 30 GiB, no VPC; no StoppingCondition, as the SDK: SageMaker's 24 hours).
 *
 * Tags merge key by key in the same order. The network fields go together: a job (or a nearer
 * scope) that names its own `vpc` takes none of an outer VPC's subnets or security groups.
 *
 * Defaults apply when a job is created: add them before creating the jobs (adding them to a
 * scope that already holds jobs is an error, so none is silently left without them).
 */
export class ProcessingDefaults {
  /** The defaults of a scope. */
  public static of(scope: IConstruct): ProcessingDefaults {
    return new ProcessingDefaults(scope);
  }

  private constructor(private readonly scope: IConstruct) {}

  /**
   * Adds defaults for every job created under this scope from now on (checked against the
   * CreateProcessingJob limits).
   */
  public add(defaults: ProcessingDefaultsProps): void {
    const jobs = this.scope.node.findAll().filter((c) => processingJobInspectionOf(c) !== undefined).map((c) => c.node.path);
    addScopeDefaults(this.scope, defaults, jobs);
  }

  /** The defaults added on exactly this scope. */
  public get own(): ProcessingDefaultsProps {
    return ownScopeDefaults(this.scope);
  }

  /** The defaults in effect for a job created under this scope: those of every enclosing scope, merged. */
  public get effective(): ProcessingDefaultsProps {
    return { ...resolveProcessingDefaults(this.scope) };
  }
}
