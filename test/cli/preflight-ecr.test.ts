import { DescribeStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { DescribeRegistryCommand, DescribeRepositoriesCommand, type Repository } from '@aws-sdk/client-ecr';
import { awsError, cfn, ecr, healthyAccount, preflight } from './preflight-support';

/**
 * ECR repository ownership and the registry's replication rules in `payment-platform preflight`:
 * each region's stack creates `<name>/<service>` under a fixed name, so a repository of that name
 * that CloudFormation does not own (kept by a destroy, or created by ECR when an image replicated
 * into the region first) fails the deploy with RepositoryAlreadyExistsException.
 */

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-1'];
const REPOS = ['verypay/api-gateway', 'verypay/payment-service'];

/** A repository as the platform creates it (KMS with the data key, immutable tags). */
function platformRepo(name: string, region: string): Repository {
  return {
    repositoryName: name, repositoryArn: `arn:aws:ecr:${region}:123456789012:repository/${name}`, registryId: '123456789012',
    encryptionConfiguration: { encryptionType: 'KMS', kmsKey: `arn:aws:kms:${region}:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab` },
    imageTagMutability: 'IMMUTABLE', createdAt: new Date('2026-10-02T08:00:00Z'),
  };
}

/** A repository ECR creates itself when replication copies an image before the repository exists. */
function replicatedRepo(name: string, region: string): Repository {
  return { ...platformRepo(name, region), encryptionConfiguration: { encryptionType: 'AES256' }, imageTagMutability: 'MUTABLE' };
}

/** Owner stacks by repository name (others are in no stack). */
function ownedBy(owners: Record<string, string>): void {
  cfn.on(DescribeStackResourcesCommand).callsFake(async (input: { PhysicalResourceId?: string }) => {
    const stack = owners[input.PhysicalResourceId ?? ''];
    if (!stack) throw awsError('ValidationError', `Stack for ${input.PhysicalResourceId} does not exist`);
    return { StackResources: [{ StackName: stack, LogicalResourceId: 'RegistryapigatewayA1B2C3D4', ResourceType: 'AWS::ECR::Repository', PhysicalResourceId: input.PhysicalResourceId,
      ResourceStatus: 'CREATE_COMPLETE', Timestamp: new Date() }] };
  });
}

beforeEach(healthyAccount);

/** Runs the preflight with `repos` (name → repository) present in `region` only (told by the asking client's region). */
async function preflightWith(region: string, repos: Record<string, Repository>) {
  ecr.reset();
  ecr.on(DescribeRegistryCommand).resolves({ registryId: '123456789012', replicationConfiguration: { rules: [] } });
  ecr.on(DescribeRepositoriesCommand).callsFake(async (input: { repositoryNames?: string[] }, getClient: () => { config: { region: () => Promise<string> } }) => {
    const name = input.repositoryNames?.[0] ?? '';
    if ((await getClient().config.region()) === region && repos[name]) return { repositories: [repos[name]] };
    throw awsError('RepositoryNotFoundException', `The repository with name '${name}' does not exist`);
  });
  return preflight();
}

describe('ECR repository ownership', () => {
  test('a fresh account: every repository is absent in every region, the region\'s stack creates it', async () => {
    const r = await preflight();
    expect(r.code).toBe(0);
    for (const region of REGIONS) {
      for (const name of REPOS) expect(r.line(`ECR repository ${name}`, region)).toBe(`  [PASS] ECR repository ${name}: absent: PaymentPlatform-${region} creates it.`);
    }
    expect(ecr.commandCalls(DescribeRepositoriesCommand).map((c) => c.args[0].input.repositoryNames)).toEqual(REGIONS.flatMap(() => REPOS.map((n) => [n])));
  });

  test('passes when the region\'s own stack owns the repositories (an update)', async () => {
    ownedBy(Object.fromEntries(REPOS.map((n) => [n, 'PaymentPlatform-eu-west-1'])));
    const r = await preflightWith('eu-west-1', Object.fromEntries(REPOS.map((n) => [n, platformRepo(n, 'eu-west-1')])));
    expect(r.code).toBe(0);
    expect(r.line('ECR repository verypay/api-gateway', 'eu-west-1')).toBe('  [PASS] ECR repository verypay/api-gateway: belongs to PaymentPlatform-eu-west-1 (RegistryapigatewayA1B2C3D4): the deploy updates it.');
  });

  test('fails on a repository kept by an earlier destroy (no stack owns it): adopt it with --import-existing-resources', async () => {
    const r = await preflightWith('us-east-1', { 'verypay/payment-service': platformRepo('verypay/payment-service', 'us-east-1') });
    expect(r.code).toBe(1);
    const line = r.line('ECR repository verypay/payment-service', 'us-east-1');
    expect(line).toContain('[FAIL] ECR repository verypay/payment-service: exists outside CloudFormation (no stack owns it, created 2026-10-02), with the platform\'s settings: kept by an earlier destroy');
    expect(line).toContain('fix: adopt it: npx cdk deploy PaymentPlatform-us-east-1 --import-existing-resources');
    expect(r.line('ECR repository verypay/api-gateway', 'us-east-1')).toContain('[PASS]');
  });

  test('fails on a copy ECR created in a secondary by replicating first (the race): delete it, the replication stack copies again', async () => {
    const r = await preflightWith('ap-southeast-1', { 'verypay/api-gateway': replicatedRepo('verypay/api-gateway', 'ap-southeast-1') });
    expect(r.code).toBe(1);
    const line = r.line('ECR repository verypay/api-gateway', 'ap-southeast-1');
    expect(line).toContain('with AES256 encryption (the platform\'s: KMS with the region\'s data key) and MUTABLE tags (the platform\'s: IMMUTABLE): ECR created it when a replication rule copied an image here before PaymentPlatform-ap-southeast-1 existed');
    expect(line).toContain('fix: delete the copy (the primary region keeps the originals): aws ecr delete-repository --region ap-southeast-1 --repository-name verypay/api-gateway --force; ' +
      'then deploy: PaymentPlatform-ap-southeast-1 creates it and PaymentPlatform-registry-replication (deployed last, by exact name) copies the images again');
  });

  test('fails on a hand-made repository in the primary region: move the images and delete it, or adopt it as it is', async () => {
    const r = await preflightWith('us-east-1', { 'verypay/api-gateway': { ...platformRepo('verypay/api-gateway', 'us-east-1'), imageTagMutability: 'MUTABLE' } });
    expect(r.code).toBe(1);
    const line = r.line('ECR repository verypay/api-gateway', 'us-east-1');
    expect(line).toContain('with MUTABLE tags (the platform\'s: IMMUTABLE): created by hand or by another tool');
    expect(line).toContain('or adopt it as it is: npx cdk deploy PaymentPlatform-us-east-1 --import-existing-resources');
  });

  test('fails on a repository another stack owns', async () => {
    ownedBy({ 'verypay/api-gateway': 'team-legacy-registry' });
    const r = await preflightWith('eu-west-1', { 'verypay/api-gateway': platformRepo('verypay/api-gateway', 'eu-west-1') });
    expect(r.code).toBe(1);
    expect(r.line('ECR repository verypay/api-gateway', 'eu-west-1')).toContain('[FAIL] ECR repository verypay/api-gateway: belongs to the stack team-legacy-registry (RegistryapigatewayA1B2C3D4), not PaymentPlatform-eu-west-1');
    expect(r.line('ECR repository verypay/api-gateway', 'eu-west-1')).toContain('fix: retain it in team-legacy-registry and remove it from that template, then adopt it');
  });

  test('access denied is reported as not checked, with the permission and the manual commands (not as a pass)', async () => {
    ecr.on(DescribeRepositoriesCommand).rejects(awsError('AccessDeniedException', 'User: arn:aws:sts::123456789012:assumed-role/Deployer/ci is not authorized to perform: ecr:DescribeRepositories'));
    let r = await preflight();
    expect(r.code).toBe(0);
    expect(r.line('ECR repository verypay/api-gateway', 'eu-west-1')).toContain('[CHECK] ECR repository verypay/api-gateway: not checked: AccessDeniedException (User: arn:aws:sts::123456789012:assumed-role/Deployer/ci is not authorized');
    expect(r.line('ECR repository verypay/api-gateway', 'eu-west-1')).toContain('fix: allow ecr:DescribeRepositories and cloudformation:DescribeStackResources to the preflight\'s role, or check by hand: aws ecr describe-repositories --region eu-west-1');
    // The owner lookup denied: also not checked.
    healthyAccount();
    cfn.on(DescribeStackResourcesCommand).rejects(awsError('AccessDenied', 'not authorized to perform: cloudformation:DescribeStackResources'));
    r = await preflightWith('us-east-1', { 'verypay/api-gateway': platformRepo('verypay/api-gateway', 'us-east-1') });
    expect(r.line('ECR repository verypay/api-gateway', 'us-east-1')).toContain('[CHECK] ECR repository verypay/api-gateway: not checked: AccessDenied');
  });

  test('other ECR errors surface', async () => {
    ecr.on(DescribeRepositoriesCommand).rejects(awsError('ThrottlingException'));
    await expect(preflight()).rejects.toThrow('ThrottlingException');
  });
});

describe('ECR replication configuration of the primary registry', () => {
  const platformRule = { destinations: [{ region: 'eu-west-1', registryId: '123456789012' }, { region: 'ap-southeast-1', registryId: '123456789012' }],
    repositoryFilters: REPOS.map((filter) => ({ filter, filterType: 'PREFIX_MATCH' as const })) };

  test('passes with no rules, or only the platform\'s rule by exact name', async () => {
    let r = await preflight();
    expect(r.line('ECR replication configuration', 'account 123456789012')).toBe('  [PASS] ECR replication configuration: no replication rules in the us-east-1 registry: PaymentPlatform-registry-replication (deployed last) writes the platform\'s rule.');
    ecr.on(DescribeRegistryCommand).resolves({ replicationConfiguration: { rules: [platformRule] } });
    r = await preflight();
    expect(r.line('ECR replication configuration')).toContain('[PASS] ECR replication configuration: only the platform\'s rule');
    // One DescribeRegistry per run, in the primary region (where CI pushes and the rule lives).
    const regions = await Promise.all(ecr.commandCalls(DescribeRegistryCommand).map((c) => (c.thisValue as { config: { region: () => Promise<string> } }).config.region()));
    expect(regions).toEqual(['us-east-1', 'us-east-1']);
  });

  test('fails on a prefix rule that replicates platform repositories into a platform region (the race the issue describes)', async () => {
    ecr.on(DescribeRegistryCommand).resolves({ replicationConfiguration: { rules: [{ destinations: platformRule.destinations, repositoryFilters: [{ filter: 'verypay/', filterType: 'PREFIX_MATCH' }] }] } });
    const r = await preflight();
    expect(r.code).toBe(1);
    const line = r.line('ECR replication configuration');
    expect(line).toContain("[FAIL] ECR replication configuration: rule 1 (to eu-west-1, ap-southeast-1; filters 'verypay/') copies verypay/api-gateway, verypay/payment-service into eu-west-1, ap-southeast-1 by prefix");
    expect(line).toContain('PaymentPlatform-eu-west-1, PaymentPlatform-ap-southeast-1 create their repositories lets ECR create them');
    expect(line).toContain('fix: remove the rule from the us-east-1 registry before the regional stacks deploy');
  });

  test('a rule without filters replicates every repository: it races too', async () => {
    ecr.on(DescribeRegistryCommand).resolves({ replicationConfiguration: { rules: [{ destinations: [{ region: 'eu-west-1', registryId: '123456789012' }] }] } });
    const r = await preflight();
    expect(r.line('ECR replication configuration')).toContain("[FAIL] ECR replication configuration: rule 1 (to eu-west-1; filters none: every repository) copies verypay/api-gateway, verypay/payment-service into eu-west-1");
  });

  test('warns on another team\'s rule: the platform\'s stack would remove it', async () => {
    ecr.on(DescribeRegistryCommand).resolves({ replicationConfiguration: { rules: [platformRule,
      { destinations: [{ region: 'us-west-2', registryId: '210987654321' }], repositoryFilters: [{ filter: 'analytics/', filterType: 'PREFIX_MATCH' }] }] } });
    const r = await preflight();
    expect(r.code).toBe(0);
    const line = r.line('ECR replication configuration');
    expect(line).toContain("[WARN] ECR replication configuration: rule 2 (to us-west-2 (account 210987654321); filters 'analytics/') is not the platform's: PaymentPlatform-registry-replication writes the registry's whole replication configuration and would remove it.");
    expect(line).toContain('fix: pass it as additionalReplicationRules (PaymentPlatform option)');
  });

  test('access denied on DescribeRegistry is reported as not checked', async () => {
    ecr.on(DescribeRegistryCommand).rejects(awsError('AccessDeniedException', 'not authorized to perform: ecr:DescribeRegistry'));
    const r = await preflight();
    expect(r.line('ECR replication configuration')).toContain('[CHECK] ECR replication configuration: not checked: AccessDeniedException');
    expect(r.line('ECR replication configuration')).toContain('fix: allow ecr:DescribeRegistry');
  });

  test('the checklist without credentials lists the repositories per region with the commands', async () => {
    const r = await preflight(['--offline']);
    expect(r.line('ECR repositories', 'eu-west-1')).toContain('[CHECK] ECR repositories: verypay/api-gateway, verypay/payment-service must be absent or belong to PaymentPlatform-eu-west-1');
    expect(r.line('ECR repositories', 'eu-west-1')).toContain('fix: aws ecr describe-repositories --region eu-west-1 --repository-names verypay/api-gateway verypay/payment-service');
    expect(ecr.calls()).toHaveLength(0);
  });
});
