import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SFNClient } from '@aws-sdk/client-sfn';
import { CliError } from './errors';

/** The AWS clients the command uses. */
export interface AwsClients {
  readonly cloudFormation: CloudFormationClient;
  readonly sfn: SFNClient;
  readonly sageMaker: SageMakerClient;
  readonly logs: CloudWatchLogsClient;
}

/** Where and as whom to call AWS. */
export interface AwsOptions {
  /** The region; @default - the stack's region when it is pinned to one, else the SDK's (AWS_REGION, the profile) */
  readonly region?: string;
  /** A named profile of the shared config files. @default - the SDK's default credential chain */
  readonly profile?: string;
  /** Clients to use instead of new ones (e.g. configured in a notebook). */
  readonly clients?: Partial<AwsClients>;
}

/** Clients for `region` (or the SDK's default region); waits retry transient errors longer than the SDK's default 3 attempts. */
export function createClients(options: AwsOptions): AwsClients {
  const config = {
    ...(options.region ? { region: options.region } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
    maxAttempts: 8,
  };
  return {
    cloudFormation: options.clients?.cloudFormation ?? new CloudFormationClient(config),
    sfn: options.clients?.sfn ?? new SFNClient(config),
    sageMaker: options.clients?.sageMaker ?? new SageMakerClient(config),
    logs: options.clients?.logs ?? new CloudWatchLogsClient(config),
  };
}

/** What the access check reads of an AWS SDK client: its configured region and credentials. */
export interface ConfiguredClient {
  readonly config: { region(): Promise<string>; credentials(): Promise<unknown> };
}

/**
 * Resolves the region and the credentials before the first call, so that a missing one is one
 * clear line instead of an SDK stack trace. Returns the region.
 */
export async function checkAwsAccess(clients: AwsClients, profile?: string): Promise<string> {
  return checkClientAccess(clients.sageMaker, profile);
}

/**
 * {@link checkAwsAccess} for one client; `hint` says what needed them and what to do without
 * them (`docker login` to ECR, `--download`), after the general advice.
 */
export async function checkClientAccess(client: ConfiguredClient, profile?: string, hint?: string): Promise<string> {
  const tail = hint ? `; ${hint}` : '';
  let region: string;
  try {
    region = await client.config.region();
  } catch {
    throw new CliError(`no AWS region: pass --region, set AWS_REGION, or set a region in your AWS profile${tail}`);
  }
  if (!region) throw new CliError(`no AWS region: pass --region, set AWS_REGION, or set a region in your AWS profile${tail}`);
  try {
    await client.config.credentials();
  } catch (e) {
    const reason = (e as Error).message.split('\n')[0];
    throw new CliError(`no AWS credentials${profile ? ` for profile ${profile}` : ''}: ${reason} ` +
      `(set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run \`aws sso login\`)${tail}`);
  }
  return region;
}
