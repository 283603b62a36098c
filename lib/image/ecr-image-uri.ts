import { DOMAIN_PATTERN, STRING_TOKEN_PATTERN } from '../api/partitions';

/** A private ECR image named by its URI. */
export interface EcrImageUri {
  /** The registry's account (12 digits). */
  readonly account: string;
  /** The registry's region. */
  readonly region: string;
  /** The repository name (may hold `/`). */
  readonly repository: string;
}

/**
 * A private ECR registry's host, as the Amazon ECR User Guide ("Private registry concepts",
 * "Dual-stack endpoints", "FIPS endpoints") writes it: `<account>.dkr.ecr.<region>.<domain>`, the
 * domain of the region's partition (`amazonaws.com`, `.amazonaws.com.cn` in China, `c2s.ic.gov`, ...),
 * `dkr.ecr-fips.` for FIPS and `<account>.dkr-ecr.<region>.on.aws` for dual-stack. The account, the
 * region and the domain may each be a whole token (`${Aws.ACCOUNT_ID}`, `${this.region}`,
 * `${Aws.URL_SUFFIX}`, as `repository.repositoryUriForTag` writes them, or a parameter): the
 * repository is still known.
 */
const REGISTRY_HOST = new RegExp(String.raw`^(\d{12}|${STRING_TOKEN_PATTERN})\.dkr(?:\.ecr|\.ecr-fips|-ecr)\.([a-z]{2,}(?:-[a-z]+)+-\d+|${STRING_TOKEN_PATTERN})\.(?:${DOMAIN_PATTERN}|on\.aws)$`);

/** A repository name as ECR's API model (`RepositoryName`) patterns it: lower-case parts joined by `.`, `_`, `-` and `/`. */
const REPOSITORY = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/**
 * The account, region and repository of a private ECR image URI
 * (`123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/features:1`, `...@sha256:...`), or
 * undefined for any other reference (another registry, a repository not known before deployment).
 * The account and the region may be tokens.
 */
export function parseEcrImageUri(imageUri: string): EcrImageUri | undefined {
  const slash = imageUri.indexOf('/');
  if (slash < 0) return undefined;
  const host = REGISTRY_HOST.exec(imageUri.slice(0, slash));
  if (!host) return undefined;
  const path = imageUri.slice(slash + 1);
  // A digest follows '@'; a tag follows the last ':' after the last '/'.
  const at = path.indexOf('@');
  const named = at >= 0 ? path.slice(0, at) : path;
  const colon = named.lastIndexOf(':');
  const repository = colon > named.lastIndexOf('/') && colon >= 0 ? named.slice(0, colon) : named;
  if (!REPOSITORY.test(repository)) return undefined;
  return { account: host[1], region: host[2], repository };
}
