import { Annotations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { literalText } from '../api/tokens';

/** The id of the warning, for `Annotations.of(scope).acknowledgeWarning(...)`. */
export const SECRET_IN_ENVIRONMENT_WARNING = 'cdk-sagemaker-processing:secretInEnvironment';

/** Parts of a variable name that suggest its value is a secret. */
const SECRET_NAME = /PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL/i;
/** Names that hold a reference to a secret, not the secret itself (the recommended way). */
const SECRET_REFERENCE = /(_ARN|_SECRET_ID|_SECRET_NAME|_PARAMETER_NAME)$/i;

/**
 * Warns (once per variable, on the job) when an environment variable's name looks like it
 * holds a secret: environment values are stored in plain text in the CreateProcessingJob
 * request, the state machine definition and DescribeProcessingJob's answer.
 */
export function warnSecretLikeEnvironment(scope: IConstruct, environment: { [key: string]: string } | undefined): void {
  for (const key of Object.keys(environment ?? {})) {
    // A name with deploy-time parts is judged by its literal text (a token's placeholder, `${Token[TOKEN.12]}`, says TOKEN).
    const name = literalText(key, '${…}');
    const literal = literalText(key, '');
    if (!SECRET_NAME.test(literal) || SECRET_REFERENCE.test(literal)) continue;
    Annotations.of(scope).addWarningV2(SECRET_IN_ENVIRONMENT_WARNING,
      `${scope.node.path}: environment variable ${name} looks like a secret; its value would be stored in plain text in the job request ` +
      '(Environment) and shown by DescribeProcessingJob. Keep it in AWS Secrets Manager, pass the secret\'s ARN (e.g. ' +
      `${name}_SECRET_ARN) and read it in the container with GetSecretValue (grant it with secret.grantRead(job)).`);
  }
}
