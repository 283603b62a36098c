import { region_info as regionInfo } from 'aws-cdk-lib';

/** A private ECR image named by its URI. */
export interface EcrImageUri {
  /** The registry's account (12 digits). */
  readonly account: string;
  /** The registry's region. */
  readonly region: string;
  /** The repository name (may hold `/`). */
  readonly repository: string;
}

/** A token in a string, as aws-cdk-lib encodes it (`${Token[AWS.AccountId.8]}`). */
const STRING_TOKEN = String.raw`\$\{Token\[[^\]]+\]\}`;

/**
 * The domains of the partitions (aws-cdk-lib region-info's `domainSuffix` of every region it knows:
 * the partitions' `dnsSuffix` of botocore's endpoints.json, `amazonaws.com`, `amazonaws.com.cn`,
 * `c2s.ic.gov`, `sc2s.sgov.gov`, `cloud.adc-e.uk`, `csp.hci.ic.gov`, `amazonaws.eu`), and `on.aws` of
 * the dual-stack endpoints.
 */
const DOMAINS = [...new Set([...regionInfo.RegionInfo.regions.map((r) => r.domainSuffix), 'amazonaws.com', 'amazonaws.com.cn', 'on.aws'])]
  .filter((d): d is string => d !== undefined).map((d) => d.replace(/\./g, '\\.'));

/**
 * A private ECR registry's host, as the Amazon ECR User Guide ("Private registry concepts",
 * "Dual-stack endpoints", "FIPS endpoints") writes it: `<account>.dkr.ecr.<region>.<domain>`, the
 * domain of the region's partition (`amazonaws.com`, `.amazonaws.com.cn` in China, `c2s.ic.gov`, ...),
 * `dkr.ecr-fips.` for FIPS and `<account>.dkr-ecr.<region>.on.aws` for dual-stack. The account, the
 * region and the domain may each be a whole token (`${Aws.ACCOUNT_ID}`, `${this.region}`,
 * `${Aws.URL_SUFFIX}`, as `repository.repositoryUriForTag` writes them, or a parameter): the
 * repository is still known.
 */
const REGISTRY_HOST = new RegExp(String.raw`^(\d{12}|${STRING_TOKEN})\.dkr(?:\.ecr|\.ecr-fips|-ecr)\.([a-z]{2,}(?:-[a-z]+)+-\d+|${STRING_TOKEN})\.(?:${DOMAINS.join('|')}|${STRING_TOKEN})$`);

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
