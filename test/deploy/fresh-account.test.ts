import { withToday } from '../support/fixtures';
import { App } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { examplePlatformConfig } from '../../bin/example-config';
import { autoScalingServiceLinkedRoleArn } from '../../lib/cluster/node-groups';
import { PaymentPlatform } from '../../lib/stacks/payment-platform';
import { RegistryReplication } from '../../lib/global/registry-replication';
import { examplePlatform } from '../app/platform-fixture';
import { deploysAfter, existsOnFreshAccount, keyPolicyPrincipals, modelStacks, type ModelStack } from '../support/deploy-model';
import { exampleConfig } from '../support/fixtures';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const cdkJson = require('../../cdk.json') as { context: Record<string, unknown> };
const TODAY = new Date('2026-12-01T00:00:00Z');

/** Every ECR repository name a stack creates, with the stack. */
function repositories(stacks: readonly ModelStack[]): { stack: ModelStack; name: string }[] {
  return stacks.flatMap((s) => Object.values(s.template.Resources)
    .filter((r) => r.Type === 'AWS::ECR::Repository')
    .map((r) => ({ stack: s, name: r.Properties!.RepositoryName as string })));
}

/**
 * The replication race: for every destination region and every repository a replication rule
 * matches, the stack that creates that repository in the destination must deploy before the stack
 * that turns replication on. Otherwise a push in between makes ECR create the repository itself
 * and the regional stack fails with RepositoryAlreadyExistsException.
 */
function replicationRaces(stacks: readonly ModelStack[]): string[] {
  const races: string[] = [];
  for (const s of stacks) {
    for (const r of Object.values(s.template.Resources).filter((x) => x.Type === 'AWS::ECR::ReplicationConfiguration')) {
      const rules = (r.Properties!.ReplicationConfiguration as { Rules: { Destinations: { Region: string }[]; RepositoryFilters: { Filter: string }[] }[] }).Rules;
      for (const rule of rules) {
        for (const repo of repositories(stacks).filter((x) => rule.Destinations.some((d) => d.Region === x.stack.region))) {
          if (!rule.RepositoryFilters.some((f) => repo.name.startsWith(f.Filter))) continue;
          if (!deploysAfter(stacks, s.name, repo.stack.name)) races.push(`${s.name} replicates ${repo.name} before ${repo.stack.name} creates it`);
        }
      }
    }
  }
  return races;
}

function synth(configure?: (p: PaymentPlatform) => void, config = examplePlatformConfig) {
  const app = new App({ context: { ...cdkJson.context }, builtinCloudFormationValidation: false });
  const platform = new PaymentPlatform(withToday(app, TODAY), config, {});
  configure?.(platform);
  return modelStacks(app.synth());
}

describe('a fresh account deploys in the documented order', () => {
  const stacks = modelStacks(examplePlatform().assembly);

  test('no key policy names a principal that does not exist yet when the key is created', () => {
    const principals = keyPolicyPrincipals(stacks);
    expect(principals.length).toBeGreaterThan(0);
    expect(principals.filter((p) => !existsOnFreshAccount(stacks, p))).toEqual([]);
  });

  test('the node volume key still admits the Auto Scaling service-linked role, by aws:PrincipalArn', () => {
    const primary = stacks.find((s) => s.name === 'PaymentPlatform-us-east-1')!;
    const keys = Object.values(primary.template.Resources).filter((r) => r.Type === 'AWS::KMS::Key');
    const statements = keys.flatMap((k) => (k.Properties!.KeyPolicy as { Statement: { Sid?: string; Condition?: unknown }[] }).Statement);
    const use = statements.find((s) => s.Sid === 'NodeRootVolumesAutoScaling')!;
    expect(JSON.stringify(use.Condition)).toContain('AWSServiceRoleForAutoScaling');
  });

  test('the model catches the old key policy: the Auto Scaling service-linked role named as principal', () => {
    const broken = synth((p) => {
      const stack = p.regionalStack('us-east-1');
      stack.keys.cluster.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'OldStyle', principals: [new iam.ArnPrincipal(autoScalingServiceLinkedRoleArn(stack))], actions: ['kms:Decrypt'], resources: ['*'],
      }));
    });
    expect(keyPolicyPrincipals(broken).filter((p) => !existsOnFreshAccount(broken, p)).map((p) => p.sid)).toEqual(['OldStyle']);
  });

  test('images replicate only after every destination repository exists', () => {
    expect(repositories(stacks).length).toBe(6);
    expect(replicationRaces(stacks)).toEqual([]);
  });

  test('the model catches the old placement: replication in the global stack, deployed before the regions', () => {
    const broken = synth((p) => new RegistryReplication(p.globalStack, 'OldReplication', { config: p.config }));
    expect(replicationRaces(broken)).toEqual(expect.arrayContaining([
      'PaymentPlatform-global replicates verypay/api-gateway before PaymentPlatform-eu-west-1 creates it',
      'PaymentPlatform-global replicates verypay/payment-service before PaymentPlatform-ap-southeast-1 creates it',
    ]));
  });

  test('a repository added later joins replication only after the regions created it (one filter per repository, no prefix)', () => {
    const added = synth(undefined, { ...examplePlatformConfig, repositories: ['ledger'] });
    expect(replicationRaces(added)).toEqual([]);
    const rule = Object.values(added.find((s) => s.name === 'PaymentPlatform-registry-replication')!.template.Resources)[0];
    expect(JSON.stringify(rule.Properties)).toContain('"Filter":"verypay/ledger"');
    expect(JSON.stringify(rule.Properties)).not.toContain('"Filter":"verypay/"');
  });

  test('other teams\' replication rules can be kept beside the platform\'s; more than 9 is an error', () => {
    const other = { destinations: [{ region: 'eu-central-1', registryId: '123456789012' }], repositoryFilters: [{ filter: 'search/', filterType: 'PREFIX_MATCH' }] };
    const app = new App({ context: { ...cdkJson.context }, builtinCloudFormationValidation: false });
    const p = new PaymentPlatform(withToday(app, TODAY), examplePlatformConfig, { additionalReplicationRules: [other] });
    const rules = (p.registryReplicationStack!.replication.resource.replicationConfiguration as { rules: unknown[] }).rules;
    expect(rules).toHaveLength(2);
    expect(rules[1]).toEqual(other);
    expect(() => new RegistryReplication(p.globalStack, 'TooMany', { config: exampleConfig(), additionalRules: Array(10).fill(other) }))
      .toThrow('RegistryReplication: additionalRules has 10 rules; ECR accepts 10 rules per registry including the platform\'s, so list at most 9.');
  });
});
