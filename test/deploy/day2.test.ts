import type * as eks from 'aws-cdk-lib/aws-eks-v2';
import { examplePlatformConfig } from '../../bin/example-config';
import { PaymentPlatform } from '../../lib/stacks/payment-platform';
import { DAY2_CHANGES, type Day2Change } from '../../scripts/day2/changes';
import { classify } from '../../scripts/day2/classify';
import { day2Table, diffTemplates, runChange, synthTemplates, type Day2Result, type Templates } from '../../scripts/day2/day2';

jest.setTimeout(120_000);

let baseline: Templates;
const results = new Map<string, Day2Result>();
const result = (prefix: string): Day2Result => {
  const change = DAY2_CHANGES.find((c) => c.name.startsWith(prefix))!;
  if (!results.has(change.name)) results.set(change.name, runChange(change, baseline));
  return results.get(change.name)!;
};
const count = (r: Day2Result, kind: string, type: string) => r.changes.filter((c) => c.kind === kind && c.type === type).length;

beforeAll(() => {
  baseline = synthTemplates(examplePlatformConfig);
});

describe('day 2: everyday changes are updates, not failed replacements', () => {
  test.each(DAY2_CHANGES.map((c) => [c.name]))('%s deploys', (name) => {
    const r = result(name);
    expect(r.changes.filter((c) => c.blocker)).toEqual([]);
    expect(r.deploys).toBe(true);
    expect(r.changes.length).toBeGreaterThan(0);
  });

  test('instance type: the three worker node groups are replaced, CloudFormation-named, nothing else', () => {
    const r = result('node-group instance type');
    expect(r.changes.map((c) => [c.kind, c.type, c.fixedName])).toEqual(Array(3).fill(['replace', 'AWS::EKS::Nodegroup', undefined]));
  });

  test('sizes, database class, cache node type and WAF limit update in place', () => {
    expect(count(result('node-group sizes'), 'update', 'AWS::EKS::Nodegroup')).toBe(3);
    const db = result('database instance class');
    expect([count(db, 'update', 'AWS::RDS::DBInstance'), count(db, 'replace', 'AWS::RDS::DBInstance')]).toEqual([6, 0]);
    expect(count(result('cache node type'), 'update', 'AWS::ElastiCache::ReplicationGroup')).toBe(3);
    expect(count(result('WAF rate limit'), 'update', 'AWS::WAFv2::WebACL')).toBe(3);
  });

  test('Kubernetes minor: control planes and every node group update (the groups follow the control plane)', () => {
    const r = result('Kubernetes minor');
    expect(count(r, 'update', 'AWS::EKS::Cluster')).toBe(3);
    expect(count(r, 'update', 'AWS::EKS::Nodegroup')).toBe(12);
    expect(r.changes.filter((c) => c.kind !== 'update')).toEqual([]);
  });

  test('adding a region adds its stacks and widens replication; no existing stateful resource changes', () => {
    const r = result('add a region');
    expect(new Set(r.changes.filter((c) => c.kind === 'add').map((c) => c.stack))).toEqual(new Set(['PaymentPlatform-sa-east-1', 'PaymentPlatform-sa-east-1-base', 'PaymentPlatform-sa-east-1-security', 'PaymentPlatform-global']));
    expect(count(r, 'update', 'AWS::ECR::ReplicationConfiguration')).toBe(1);
    expect(r.changes.filter((c) => c.kind !== 'add' && c.stack.includes('sa-east-1'))).toEqual([]);
  });

  test('adding a catalog service adds its repository in every region, replication after them, and the workloads', () => {
    const r = result('add a catalog service');
    expect(count(r, 'add', 'AWS::ECR::Repository')).toBe(3);
    expect(count(r, 'update', 'AWS::ECR::ReplicationConfiguration')).toBe(1);
    expect(count(r, 'update', 'Custom::AWSCDK-EKS-KubernetesResource')).toBeGreaterThanOrEqual(3);
  });

  test('adding the blockchain pool adds its node groups and launch templates', () => {
    const r = result('add a node pool');
    expect(count(r, 'add', 'AWS::EKS::Nodegroup')).toBe(3);
    expect(count(r, 'add', 'AWS::EC2::LaunchTemplate')).toBe(3);
  });

  test('the table has one row per change', () => {
    const table = day2Table(DAY2_CHANGES.map((c) => result(c.name)));
    expect(table.split('\n')).toHaveLength(2 + DAY2_CHANGES.length);
    expect(table).toContain('| node-group instance type (worker c5.2xlarge → c6i.2xlarge) | — | 3× EKS::Nodegroup | — | — | yes |');
  });
});

describe('the check fails on the defects it exists for', () => {
  test('a fixed node group name (aws-cdk#26931): the instance-type change is reported as not deploying', () => {
    const fixNames = (p: PaymentPlatform) => {
      for (const s of p.regionalStacks) {
        for (const [name, g] of Object.entries(s.cluster.nodeGroups.groups)) (g.node.defaultChild as eks.CfnNodegroup).nodegroupName = name;
      }
    };
    const change = DAY2_CHANGES.find((c) => c.name.startsWith('node-group instance type'))!;
    const before = synthTemplates(examplePlatformConfig, {}, fixNames);
    const after = synthTemplates(change.config(examplePlatformConfig), {}, fixNames);
    const blockers = diffTemplates(before, after).filter((c) => c.blocker).map((c) => c.blocker);
    expect(blockers).toEqual(Array(3).fill("replaces AWS::EKS::Nodegroup under the same name 'worker' (the new one cannot be created)"));
  });

  test('a change that replaces the database is reported as losing data', () => {
    const rename: Day2Change = { name: 'database name', config: (b) => ({ ...b, database: { ...b.database, databaseName: 'ledger' } }) };
    const r = runChange(rename, baseline);
    expect(r.deploys).toBe(false);
    expect(r.changes.filter((c) => c.blocker).map((c) => [c.stack, c.type, c.blocker])).toEqual([
      ['PaymentPlatform-us-east-1', 'AWS::RDS::DBCluster', 'replaces stateful AWS::RDS::DBCluster (data lost)'],
      ['PaymentPlatform-us-east-1', 'AWS::RDS::DBInstance', 'replaces stateful AWS::RDS::DBInstance (data lost)'],
      ['PaymentPlatform-us-east-1', 'AWS::RDS::DBInstance', 'replaces stateful AWS::RDS::DBInstance (data lost)'],
    ]);
  });

  test('removing a stateful resource without Retain/Snapshot is data loss; with Retain it is not', () => {
    const key = (policy?: string) => ({ Resources: { K: { Type: 'AWS::KMS::Key', Properties: {}, ...(policy ? { DeletionPolicy: policy } : {}) } } });
    expect(classify('S', key(), { Resources: {} })[0].blocker).toBe('deletes stateful AWS::KMS::Key without Retain/Snapshot');
    expect(classify('S', key('Retain'), { Resources: {} })[0].blocker).toBeUndefined();
  });
});
