import { withToday } from '../support/fixtures';
/* One file builds the example platform once (about 4 s) for every whole-app assertion. */
import { App as Cdk8sApp, Testing } from 'cdk8s';
import * as fs from 'fs';
import * as path from 'path';
import { Match } from 'aws-cdk-lib/assertions';
import { examplePlatformConfig } from '../../bin/example-config';
import { PaymentPlatform } from '../../lib/stacks/payment-platform';
import { nagFindings } from '../support/compliance';
import { testApp } from '../support/fixtures';
import { examplePlatform, TODAY } from './platform-fixture';
import { DEPLOY_TIME_MARKER, workloadsChartId } from '../../charts/deploy-time';
import { workloadsPropsFromConfig } from '../../lib/stacks/workloads-props';
import { PaymentWorkloads } from '../../charts/payment-workloads';

describe('PaymentPlatform (the example configuration)', () => {
  test('creates the global stack and a base and a main stack per region, with the documented names and regions', () => {
    const { assembly } = examplePlatform();
    const stacks = assembly.stacks.map((s) => [s.stackName, s.environment.region]).sort();
    expect(stacks).toEqual([
      ['PaymentPlatform-ap-southeast-1', 'ap-southeast-1'],
      ['PaymentPlatform-ap-southeast-1-base', 'ap-southeast-1'],
      ['PaymentPlatform-ap-southeast-1-security', 'ap-southeast-1'],
      ['PaymentPlatform-eu-west-1', 'eu-west-1'],
      ['PaymentPlatform-eu-west-1-base', 'eu-west-1'],
      ['PaymentPlatform-eu-west-1-security', 'eu-west-1'],
      ['PaymentPlatform-global', 'us-east-1'],
      ['PaymentPlatform-registry-replication', 'us-east-1'],
      ['PaymentPlatform-security', 'us-east-1'],
      ['PaymentPlatform-us-east-1', 'us-east-1'],
      ['PaymentPlatform-us-east-1-base', 'us-east-1'],
      ['PaymentPlatform-us-east-1-security', 'us-east-1'],
    ]);
  });

  test('deploy order: global and bases → primary region → secondary regions; secondaries independent of each other', () => {
    const { platform } = examplePlatform();
    const deps = (region: string) => platform.regionalStack(region).dependencies.map((s) => s.stackName).sort();
    expect(deps('us-east-1')).toEqual([
      'PaymentPlatform-ap-southeast-1-base', 'PaymentPlatform-eu-west-1-base', 'PaymentPlatform-global', 'PaymentPlatform-us-east-1-base',
    ]);
    expect(deps('eu-west-1')).toEqual(['PaymentPlatform-eu-west-1-base', 'PaymentPlatform-global', 'PaymentPlatform-us-east-1']);
    expect(deps('ap-southeast-1')).toEqual(['PaymentPlatform-ap-southeast-1-base', 'PaymentPlatform-global', 'PaymentPlatform-us-east-1']);
    const baseDeps = platform.baseStacks.map((b) => [b.stackName, b.dependencies.map((d) => d.stackName)]);
    expect(baseDeps).toEqual([
      ['PaymentPlatform-us-east-1-base', ['PaymentPlatform-eu-west-1-base']],
      ['PaymentPlatform-eu-west-1-base', []],
      ['PaymentPlatform-ap-southeast-1-base', ['PaymentPlatform-eu-west-1-base']],
    ]);
    expect(platform.globalStack.dependencies).toEqual([]);
    expect(platform.registryReplicationStack!.dependencies.map((s) => s.stackName).sort()).toEqual([
      'PaymentPlatform-ap-southeast-1', 'PaymentPlatform-eu-west-1', 'PaymentPlatform-us-east-1',
    ]);
  });

  test('each region has all five keys: data, logs and cluster in its main stack, secrets and backups in its base stack, plus the alarm topic\'s own key', () => {
    const { platform } = examplePlatform();
    const aliases = (stack: import('aws-cdk-lib').Stack) => Object.values(examplePlatform().template(stack).findResources('AWS::KMS::Alias'))
      .map((r) => (r as { Properties: { AliasName: string } }).Properties.AliasName).sort();
    expect(aliases(platform.regionalStack('eu-west-1'))).toEqual(['alias/verypay-prod-blockchain-signer', 'alias/verypay-prod-cluster', 'alias/verypay-prod-data', 'alias/verypay-prod-euw1-alarms', 'alias/verypay-prod-logs']);
    expect(aliases(platform.baseStacks[1])).toEqual(['alias/verypay-prod-backups', 'alias/verypay-prod-secrets']);
  });

  test('every stack is termination-protected and carries the cost-allocation tags', () => {
    const { assembly } = examplePlatform();
    for (const s of assembly.stacks) {
      expect(s.terminationProtection).toBe(true);
      expect(s.tags).toEqual(expect.objectContaining({ Project: 'verypay', Environment: 'prod', CostCenter: 'payments-engineering' }));
    }
  });

  test('every backups bucket has a copy elsewhere: every region but the failover region replicates into the failover region', () => {
    const { platform } = examplePlatform();
    examplePlatform().template(platform.baseStacks[0]).hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'verypay-prod-use1-backups-123456789012',
      ReplicationConfiguration: {
        Rules: [Match.objectLike({
          Destination: Match.objectLike({ Bucket: Match.stringLikeRegexp('verypay-prod-euw1-backups-123456789012$') }),
        })],
      },
    });
    const secondary = examplePlatform().template(platform.baseStacks[1]).findResources('AWS::S3::Bucket', {
      Properties: { BucketName: 'verypay-prod-euw1-backups-123456789012' },
    });
    // The failover region's bucket is the primary's destination; it cannot replicate back from the first deployment.
    expect(Object.values(secondary).map((r) => (r as { Properties: Record<string, unknown> }).Properties.ReplicationConfiguration)).toEqual([undefined]);
    examplePlatform().template(platform.baseStacks[2]).hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'verypay-prod-apse1-backups-123456789012',
      ReplicationConfiguration: {
        Rules: [Match.objectLike({
          Destination: Match.objectLike({ Bucket: Match.stringLikeRegexp('verypay-prod-euw1-backups-123456789012$') }),
        })],
      },
    });
  });

  test('regional Aurora clusters join the global database: primary in us-east-1, secondaries elsewhere', () => {
    const { platform } = examplePlatform();
    const cluster = (region: string) => Object.values(examplePlatform().template(platform.regionalStack(region)).findResources('AWS::RDS::DBCluster'))[0] as
      { Properties: Record<string, unknown> };
    expect(cluster('us-east-1').Properties).toEqual(expect.objectContaining({ GlobalClusterIdentifier: 'verypay-prod-global', MasterUsername: expect.anything() }));
    expect(cluster('eu-west-1').Properties).toEqual(expect.objectContaining({ GlobalClusterIdentifier: 'verypay-prod-global' }));
    expect(cluster('eu-west-1').Properties.MasterUsername).toBeUndefined();
  });

  test("the master secret is replicated to every region for administration, and no workload role or chart reads it", () => {
    const { platform } = examplePlatform();
    const replica = 'verypay/prod/us-east-1/database/master';
    examplePlatform().template(platform.regionalStack('us-east-1')).hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: replica,
      ReplicaRegions: [
        { Region: 'eu-west-1', KmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:alias/verypay-prod-secrets' },
        { Region: 'ap-southeast-1', KmsKeyId: 'arn:aws:kms:ap-southeast-1:123456789012:alias/verypay-prod-secrets' },
      ],
    });
    const euWest = platform.regionalStack('eu-west-1');
    // No role in a secondary region may read the master secret's replica: no pod needs it.
    expect(JSON.stringify(examplePlatform().template(euWest).findResources('AWS::IAM::ManagedPolicy'))).not.toContain('database/master');
    // The workloads never read it: they log in as their own users with IAM tokens.
    expect(JSON.stringify(euWest.workloads!.toJson())).not.toContain('database/master');
  });

  test('the database and the cache accept connections from the cluster nodes only (and the database from its rotation)', () => {
    const { platform } = examplePlatform();
    const t = examplePlatform().template(platform.regionalStack('us-east-1'));
    const ingress = Object.values(t.findResources('AWS::EC2::SecurityGroupIngress')).map((r) => (r as { Properties: Record<string, unknown> }).Properties);
    const sources = (port: number) => ingress.filter((i) => i.FromPort === port && i.ToPort === port).map((i) => i.SourceSecurityGroupId ?? i.CidrIp);
    const clusterSg = { 'Fn::GetAtt': ['Cluster9EE0221C', 'ClusterSecurityGroupId'] };
    expect(sources(5432)).toEqual(expect.arrayContaining([clusterSg, { 'Fn::GetAtt': [expect.stringMatching(/^DatabaseRotationSecurityGroup/), 'GroupId'] }]));
    expect(sources(5432)).toHaveLength(2);
    expect(sources(6379)).toEqual([clusterSg]);
  });

  test('no security group rule, ingress or egress, is open to 0.0.0.0/0', () => {
    const { assembly } = examplePlatform();
    const open: string[] = [];
    for (const s of assembly.stacks) {
      const resources = (s.template as { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> }).Resources;
      for (const [id, r] of Object.entries(resources)) {
        if (!r.Type.startsWith('AWS::EC2::SecurityGroup')) continue;
        if (JSON.stringify(r.Properties ?? {}).includes('"CidrIp":"0.0.0.0/0"')) open.push(`${s.stackName}/${id}`);
      }
    }
    expect(open).toEqual([]);
  });

  // Three deploy-time providers of aws-cdk-lib stay outside: the default-security-group one, the
  // AwsCustomResource provider that runs the database-user SQL through the RDS Data API, and the
  // CfnJson provider that renders the IRSA trust conditions (keys named after the cluster's OIDC
  // issuer). They call only regional AWS APIs or none, and in a VPC they would need a path to S3's
  // public CloudFormation response endpoint (443 to the internet), which no function gets.
  test('every Lambda function runs in the VPC (Control Tower CT.LAMBDA.PR.3), except aws-cdk-lib\'s deploy-time providers (default security group, AwsCustomResource: database users and the global writer-endpoint lookup, CfnJson)', () => {
    const { assembly } = examplePlatform();
    const outside: string[] = [];
    for (const s of assembly.stacks) {
      const resources = (s.template as { Resources: Record<string, { Type: string; Properties: { VpcConfig?: { SubnetIds?: unknown[]; SecurityGroupIds?: unknown[] } } }> }).Resources;
      for (const [id, r] of Object.entries(resources)) {
        if (r.Type !== 'AWS::Lambda::Function' || id.startsWith('CustomVpcRestrictDefaultSGCustomResourceProvider') || id.startsWith('AWS679f53fac002430cb0da5b7982bd2287')
          || id.startsWith('AWSCDKCfnUtilsProviderCustomResourceProvider')) continue;
        const vpc = r.Properties.VpcConfig;
        if (!vpc?.SubnetIds?.length || !vpc.SecurityGroupIds?.length) outside.push(`${s.stackName}/${id}`);
      }
    }
    expect(outside).toEqual([]);
  });

  test('cdk-nag AwsSolutions and PCI DSS 3.2.1: no unacknowledged findings in any stack', () => {
    const { app } = examplePlatform();
    expect(nagFindings(app)).toEqual([]);
  });

  test('the built-in CloudFormation validation reports no unacknowledged finding during synth', () => {
    const { assembly } = examplePlatform({ cloudFormationValidation: true });
    const reportFile = path.join(assembly.directory, 'validation-report.json');
    const report = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf8')) as { pluginReports: { violations: unknown[] }[] } : { pluginReports: [] };
    expect(report.pluginReports.length).toBeGreaterThan(0); // the validator ran
    expect(report.pluginReports.flatMap((r) => r.violations)).toEqual([]);
  });

  test('fails with a clear configuration error, not an aws-cdk-lib stack trace, for a bad configuration', () => {
    const app = testApp();
    expect(() => new PaymentPlatform(withToday(app, TODAY), { ...examplePlatformConfig, regions: [] }, {})).toThrow(/regions/);
  });

  test('regionalStack() fails for a region the platform does not have', () => {
    const { platform } = examplePlatform();
    expect(() => platform.regionalStack('sa-east-1')).toThrow(/'sa-east-1' is not one of the platform's regions \(us-east-1, eu-west-1, ap-southeast-1\)/);
  });
});

/**
 * One small, deliberate snapshot per stack: the resource inventory (count per CloudFormation type)
 * and the outputs. It changes when resources are added or removed, not when a property moves;
 * properties are asserted field by field in the construct tests.
 */
describe('stack inventory snapshots', () => {
  const { assembly } = examplePlatform();
  for (const stack of assembly.stacks) {
    test(stack.stackName, () => {
      const template = stack.template as { Resources: Record<string, { Type: string }>; Outputs?: Record<string, unknown> };
      const types: Record<string, number> = {};
      for (const r of Object.values(template.Resources)) types[r.Type] = (types[r.Type] ?? 0) + 1;
      const sorted = Object.fromEntries(Object.entries(types).sort(([a], [b]) => a.localeCompare(b)));
      expect({ resources: sorted, outputs: Object.keys(template.Outputs ?? {}).sort() }).toMatchSnapshot();
    });
  }
});

type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } };

/** Replaces deploy-time values (CDK tokens in the applied chart, placeholders in the YAML) by one marker. */
function normalize(value: unknown): unknown {
  if (typeof value === 'string') return value.includes('${Token[') || value.includes(DEPLOY_TIME_MARKER) ? '<deploy-time>' : value;
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalize(v)]));
  return value;
}

const key = (o: K8sObject) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

describe('the cluster stack applies the objects of the reviewable YAML', () => {
  const { platform } = examplePlatform();

  for (const region of platform.config.regions.map((r) => r.region)) {
    test(`${region}: applied chart objects equal the cdk8s synth objects, deploy-time values aside`, () => {
      const stack = platform.regionalStack(region);
      const applied = stack.workloads!.toJson() as K8sObject[];
      const reviewed = Testing.synth(new PaymentWorkloads(new Cdk8sApp(), workloadsChartId(platform.config, region),
        workloadsPropsFromConfig(platform.config, region))) as K8sObject[];
      expect(applied.map(key).sort()).toEqual(reviewed.map(key).sort());
      expect(normalize(applied)).toEqual(normalize(reviewed));
    });
  }

  test('the applied manifest in the template holds every chart object and no placeholder', () => {
    const stack = platform.regionalStack('us-east-1');
    const manifests = examplePlatform().template(stack).findResources('Custom::AWSCDK-EKS-KubernetesResource');
    const text = JSON.stringify(manifests);
    for (const o of stack.workloads!.toJson() as K8sObject[]) {
      expect(text).toContain(`\\"name\\":\\"${o.metadata.name}\\"`);
    }
    expect(text).not.toContain(DEPLOY_TIME_MARKER);
  });
});
