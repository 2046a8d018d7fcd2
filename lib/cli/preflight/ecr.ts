import type * as CloudFormation from '@aws-sdk/client-cloudformation';
import type * as Ecr from '@aws-sdk/client-ecr';
import { REGISTRY_REPLICATION_STACK_NAME, regionalStackName, repositoryName } from '../../config/naming';
import type { ResolvedPlatformConfig } from '../../config/platform-config';
import { loadSdk } from '../sdk';
import { errorName, isAccessDenied } from './aws-errors';
import { accountScope } from './checklist';
import type { CheckResult } from './result';

/**
 * ECR checks of the preflight. Each region's stack (`PaymentPlatform-<region>`) creates the
 * platform's repositories under fixed names (`<name>/<service>`), so a repository of that name
 * that CloudFormation does not own makes the stack fail with `RepositoryAlreadyExistsException`.
 * Two ways it happens: a destroy keeps the repositories (they are retained, with the images), and
 * ECR creates a repository itself when a replication rule copies an image into a region before
 * that region's stack created it (the replication race; the platform's own rule avoids it by
 * deploying last and naming each repository, but a rule by prefix, e.g. an earlier `verypay/`,
 * does not).
 */

/** The repository names the platform creates in every region (`<name>/<service>`). */
export function platformRepositoryNames(config: ResolvedPlatformConfig): string[] {
  return config.repositories.map((svc) => repositoryName(config, svc));
}

/** The stack that owns a physical resource id, or undefined when no stack does. */
async function owningStack(cfn: typeof CloudFormation, client: CloudFormation.CloudFormationClient, physicalId: string): Promise<{ stack: string; logicalId: string } | undefined> {
  try {
    const res = await client.send(new cfn.DescribeStackResourcesCommand({ PhysicalResourceId: physicalId }));
    const r = res.StackResources?.find((x) => x.ResourceType === 'AWS::ECR::Repository') ?? res.StackResources?.[0];
    return r?.StackName ? { stack: r.StackName, logicalId: r.LogicalResourceId ?? '?' } : undefined;
  } catch (e) {
    if (errorName(e) === 'ValidationError' && /does not exist/.test((e as Error).message)) return undefined;
    throw e;
  }
}

/** How the repository differs from what the platform creates (KMS encryption, immutable tags). */
function foreignSettings(repo: Ecr.Repository): string[] {
  const out: string[] = [];
  const encryption = repo.encryptionConfiguration?.encryptionType ?? 'AES256';
  if (!encryption.startsWith('KMS')) out.push(`${encryption} encryption (the platform's: KMS with the region's data key)`);
  if (repo.imageTagMutability !== 'IMMUTABLE') out.push(`${repo.imageTagMutability ?? 'MUTABLE'} tags (the platform's: IMMUTABLE)`);
  return out;
}

/**
 * Each repository the platform creates in `region`: absent (the stack creates it) or owned by the
 * region's stack passes; a repository outside CloudFormation, or in another stack, fails with the
 * fix (adopt it with `--import-existing-resources`, or delete a copy ECR created by replication).
 */
export async function checkRepositories(config: ResolvedPlatformConfig, region: string): Promise<CheckResult[]> {
  const ecr = loadSdk<typeof Ecr>('@aws-sdk/client-ecr');
  const cfn = loadSdk<typeof CloudFormation>('@aws-sdk/client-cloudformation');
  const ecrClient = new ecr.ECRClient({ region });
  const cfnClient = new cfn.CloudFormationClient({ region });
  const stack = regionalStackName(region);
  const secondary = config.regions.find((r) => r.region === region)?.role === 'secondary';
  const out: CheckResult[] = [];
  for (const name of platformRepositoryNames(config)) {
    const title = `ECR repository ${name}`;
    const byHand = `aws ecr describe-repositories --region ${region} --repository-names ${name}; aws cloudformation describe-stack-resources --region ${region} --physical-resource-id ${name}`;
    let repo: Ecr.Repository | undefined;
    let owner: { stack: string; logicalId: string } | undefined;
    try {
      repo = (await ecrClient.send(new ecr.DescribeRepositoriesCommand({ repositoryNames: [name] }))).repositories?.[0];
      if (repo) owner = await owningStack(cfn, cfnClient, name);
    } catch (e) {
      if (errorName(e) === 'RepositoryNotFoundException') repo = undefined;
      else if (isAccessDenied(e)) {
        out.push({ scope: region, title, status: 'manual', detail: `not checked: ${errorName(e)} (${(e as Error).message}).`,
          fix: `allow ecr:DescribeRepositories and cloudformation:DescribeStackResources to the preflight's role, or check by hand: ${byHand}` });
        continue;
      } else throw e;
    }
    if (!repo) {
      out.push({ scope: region, title, status: 'pass', detail: `absent: ${stack} creates it.` });
    } else if (owner?.stack === stack) {
      out.push({ scope: region, title, status: 'pass', detail: `belongs to ${stack} (${owner.logicalId}): the deploy updates it.` });
    } else if (owner) {
      out.push({ scope: region, title, status: 'fail',
        detail: `belongs to the stack ${owner.stack} (${owner.logicalId}), not ${stack}: the deploy would fail with RepositoryAlreadyExistsException.`,
        fix: `retain it in ${owner.stack} and remove it from that template, then adopt it: npx cdk deploy ${stack} --import-existing-resources` });
    } else {
      const differs = foreignSettings(repo);
      const created = repo.createdAt ? `, created ${repo.createdAt.toISOString().slice(0, 10)}` : '';
      if (differs.length === 0) {
        out.push({ scope: region, title, status: 'fail',
          detail: `exists outside CloudFormation (no stack owns it${created}), with the platform's settings: kept by an earlier destroy (repositories are retained). A plain deploy fails with RepositoryAlreadyExistsException.`,
          fix: `adopt it: npx cdk deploy ${stack} --import-existing-resources (README "Destroy and redeploy")` });
      } else if (secondary) {
        out.push({ scope: region, title, status: 'fail',
          detail: `exists outside CloudFormation (no stack owns it${created}) with ${differs.join(' and ')}: ECR created it when a replication rule copied an image here before ${stack} existed (the replication race). The deploy fails with RepositoryAlreadyExistsException, and adopting it would keep its encryption, which cannot change in place.`,
          fix: `delete the copy (the primary region keeps the originals): aws ecr delete-repository --region ${region} --repository-name ${name} --force; ` +
            `then deploy: ${stack} creates it and ${REGISTRY_REPLICATION_STACK_NAME} (deployed last, by exact name) copies the images again` });
      } else {
        out.push({ scope: region, title, status: 'fail',
          detail: `exists outside CloudFormation (no stack owns it${created}) with ${differs.join(' and ')}: created by hand or by another tool. The deploy fails with RepositoryAlreadyExistsException.`,
          fix: `move the images you need elsewhere and delete it (aws ecr delete-repository --region ${region} --repository-name ${name} --force) so ${stack} creates it with the platform's settings; ` +
            `or adopt it as it is: npx cdk deploy ${stack} --import-existing-resources (its encryption and tag mutability cannot change in place)` });
      }
    }
  }
  return out;
}

/** Whether a replication rule is the platform's own: same-account secondaries, one exact filter per platform repository. */
function isPlatformRule(rule: Ecr.ReplicationRule, config: ResolvedPlatformConfig, names: readonly string[]): boolean {
  const secondaries = config.regions.filter((r) => r.role === 'secondary').map((r) => r.region);
  const filters = rule.repositoryFilters ?? [];
  return (rule.destinations ?? []).every((d) => d.registryId === config.account && secondaries.includes(d.region ?? ''))
    && filters.length > 0 && filters.every((f) => names.includes(f.filter ?? ''));
}

/**
 * The replication configuration of the primary region's registry: a rule that copies platform
 * repositories into a platform region by prefix (not the platform's rule) races the regional
 * stacks and fails; a rule of someone else is removed when the platform writes its own (warn).
 */
export async function checkReplication(config: ResolvedPlatformConfig, primary: string): Promise<CheckResult[]> {
  const ecr = loadSdk<typeof Ecr>('@aws-sdk/client-ecr');
  const scope = accountScope(config.account);
  const title = 'ECR replication configuration';
  let rules: Ecr.ReplicationRule[];
  try {
    rules = (await new ecr.ECRClient({ region: primary }).send(new ecr.DescribeRegistryCommand({}))).replicationConfiguration?.rules ?? [];
  } catch (e) {
    if (!isAccessDenied(e)) throw e;
    return [{ scope, title, status: 'manual', detail: `not checked: ${errorName(e)} (${(e as Error).message}).`,
      fix: `allow ecr:DescribeRegistry to the preflight's role, or check by hand: aws ecr describe-registry --region ${primary}` }];
  }
  const names = platformRepositoryNames(config);
  const platformRegions = config.regions.map((r) => r.region).filter((r) => r !== primary);
  const out: CheckResult[] = [];
  rules.forEach((rule, i) => {
    if (isPlatformRule(rule, config, names)) return;
    const destinations = (rule.destinations ?? []).map((d) => `${d.region}${d.registryId === config.account ? '' : ` (account ${d.registryId})`}`);
    const filters = (rule.repositoryFilters ?? []).map((f) => f.filter ?? '');
    const racing = (rule.destinations ?? []).filter((d) => d.registryId === config.account && platformRegions.includes(d.region ?? '')).map((d) => d.region!);
    const matched = names.filter((n) => filters.length === 0 || filters.some((f) => n.startsWith(f)));
    const what = `rule ${i + 1} (to ${destinations.join(', ') || 'nowhere'}; filters ${filters.map((f) => `'${f}'`).join(', ') || 'none: every repository'})`;
    if (racing.length > 0 && matched.length > 0) {
      out.push({ scope, title, status: 'fail',
        detail: `${what} copies ${matched.join(', ')} into ${racing.join(', ')} by prefix: a push before ${racing.map(regionalStackName).join(', ')} create their repositories lets ECR create them (unencrypted by the platform's key, mutable tags), and those stacks fail with RepositoryAlreadyExistsException.`,
        fix: `remove the rule from the ${primary} registry before the regional stacks deploy (aws ecr put-replication-configuration --region ${primary} with the other rules only); ` +
          `${REGISTRY_REPLICATION_STACK_NAME}, deployed after every region, replicates by exact repository name` });
    } else {
      out.push({ scope, title, status: 'warn',
        detail: `${what} is not the platform's: ${REGISTRY_REPLICATION_STACK_NAME} writes the registry's whole replication configuration and would remove it.`,
        fix: 'pass it as additionalReplicationRules (PaymentPlatform option) so it is written together with the platform\'s rule, or give the platform its own account' });
    }
  });
  if (out.length === 0) {
    out.push({ scope, title, status: 'pass', detail: rules.length === 0
      ? `no replication rules in the ${primary} registry: ${REGISTRY_REPLICATION_STACK_NAME} (deployed last) writes the platform's rule.`
      : `only the platform's rule (by exact repository name) in the ${primary} registry.` });
  }
  return out;
}
