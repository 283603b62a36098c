import { Annotations, Token, aws_s3 as s3 } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ACKNOWLEDGE_NAG_FINDINGS_CONTEXT, recordAcknowledgedResources } from './nag-acknowledgements';

/** Prefix grants of one bucket to acknowledge, with the reason. */
export interface PrefixGrantsAcknowledgement {
  /** The bucket the grants name (of this stack or another one). */
  readonly bucket: s3.IBucket;

  /**
   * The object key patterns granted, exactly as given to the grant, e.g. `'exports/*'` for
   * `bucket.grantRead(job.role, 'exports/*')`: the resource acknowledged is the bucket's ARN, `/`,
   * the pattern.
   */
  readonly keyPatterns: string[];

  /** Why the grants are needed: the acknowledgement's reason, shown by cdk-nag's reports. */
  readonly reason: string;
}

/**
 * cdk-nag acknowledgements for the grants you add to a processing job's role yourself.
 *
 * The library acknowledges cdk-nag's findings of its own grants (a job's input and output
 * prefixes, its logs, its network interfaces), each with its reason; the findings of grants you
 * add stay visible. A grant of a key prefix, `bucket.grantRead(job.role, 'exports/*')`, gives the
 * finding `AwsSolutions-IAM5[Resource::<bucket ARN>/exports/*]`, where cdk-nag writes the resource
 * as the template holds it: `<LogicalId.Arn>` in the bucket's stack, the export name of a
 * cross-stack reference (`Foundation:ExportsOutputFnGetAtt…`) in any other, and in a policy the
 * library writes with `Fn::Sub` (a `ProcessingJob`'s role) that `Fn::Sub` as JSON. That id exists
 * only once aws-cdk-lib has resolved the app's references, so you cannot write it; this class
 * computes it for you at synthesis.
 *
 * Acknowledgements are recorded with aws-cdk-lib's `Validations` (aws-cdk-lib 2.23x and later,
 * which cdk-nag 3 needs); with an older aws-cdk-lib nothing is recorded.
 */
export class ProcessingNag {
  /**
   * The context key (`true`) that makes the library acknowledge its findings in every synthesis.
   * By default it computes them only when a validation plugin is registered on the app or stage
   * (`Validations.of(app).addPlugins(new AwsSolutionsChecks(app))`, how cdk-nag 3 runs), since
   * computing them resolves every policy of the library's roles. Set it when you run a pack
   * yourself after synthesis (`new AwsSolutionsChecks().validateScope(app)` in a test).
   */
  public static readonly ACKNOWLEDGE_FINDINGS_CONTEXT = ACKNOWLEDGE_NAG_FINDINGS_CONTEXT;

  /**
   * Acknowledges the `AwsSolutions-IAM5` finding of each prefix grant of `bucket` (its
   * `Resource::<bucket ARN>/<pattern>` id) on the IAM policies under `scope`: a role, a job, or a
   * whole stack. Findings of the grant's actions (`Action::s3:GetObject*` of `grantRead`) name no
   * resource: acknowledge them with `Validations.of(role).acknowledge({ id, reason })`.
   *
   * @param scope the construct whose policies hold the grants (the role, the job, or the stack)
   * @param grants the bucket, the key patterns granted and the reason
   */
  public static acknowledgePrefixGrants(scope: IConstruct, grants: PrefixGrantsAcknowledgement): void {
    const where = `${scope.node.path}: ProcessingNag.acknowledgePrefixGrants`;
    if (grants.keyPatterns.length === 0) throw new Error(`${where}: keyPatterns is empty; name at least one key pattern granted, e.g. 'exports/*'`);
    if (!Token.isUnresolved(grants.reason) && grants.reason.trim() === '') {
      throw new Error(`${where}: reason is empty; say why the role needs these objects (cdk-nag shows the reason in its reports)`);
    }
    for (const pattern of grants.keyPatterns) {
      if (!Token.isUnresolved(pattern) && !pattern.includes('*')) {
        Annotations.of(scope).addWarningV2('cdk-sagemaker-processing:prefix-grant-without-wildcard',
          `${where}: key pattern '${pattern}' has no '*', so cdk-nag reports no wildcard finding for it; give the pattern of the grant, e.g. '${pattern}*'`);
      }
    }
    recordAcknowledgedResources(scope, grants.keyPatterns.map((pattern) => grants.bucket.arnForObjects(pattern)), grants.reason);
  }

  private constructor() {}
}
