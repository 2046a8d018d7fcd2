import * as fs from 'fs';
import * as path from 'path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { examplePlatformConfig } from '../../bin/example-config';
import { PaymentPlatform } from '../../lib/stacks/payment-platform';
import { nagFindings } from '../support/compliance';
import { testApp } from '../support/fixtures';
import { examplePlatform, TODAY } from './platform-fixture';

describe('PaymentPlatform (the example configuration)', () => {
  test('creates the global stack and one stack per region, with the documented names and regions', () => {
    const { assembly } = examplePlatform();
    const stacks = assembly.stacks.map((s) => [s.stackName, s.environment.region]).sort();
    expect(stacks).toEqual([
      ['PaymentPlatform-ap-southeast-1', 'ap-southeast-1'],
      ['PaymentPlatform-eu-west-1', 'eu-west-1'],
      ['PaymentPlatform-global', 'us-east-1'],
      ['PaymentPlatform-us-east-1', 'us-east-1'],
    ]);
  });

  test('deploy order: global → primary region → secondary regions, and secondaries stay independent of each other', () => {
    const { platform } = examplePlatform();
    const deps = (region: string) => platform.regionalStack(region).dependencies.map((s) => s.stackName).sort();
    expect(deps('us-east-1')).toEqual(['PaymentPlatform-global']);
    expect(deps('eu-west-1')).toEqual(['PaymentPlatform-global', 'PaymentPlatform-us-east-1']);
    expect(deps('ap-southeast-1')).toEqual(['PaymentPlatform-global', 'PaymentPlatform-us-east-1']);
    expect(platform.globalStack.dependencies).toEqual([]);
  });

  test('every stack is termination-protected and carries the cost-allocation tags', () => {
    const { assembly } = examplePlatform();
    for (const s of assembly.stacks) {
      expect(s.terminationProtection).toBe(true);
      expect(s.tags).toEqual(expect.objectContaining({ Project: 'verypay', Environment: 'prod', CostCenter: 'payments-engineering' }));
    }
  });

  test('the primary region replicates its backups to the failover region; secondaries do not replicate', () => {
    const { platform } = examplePlatform();
    Template.fromStack(platform.regionalStack('us-east-1')).hasResourceProperties('AWS::S3::Bucket', {
      BucketName: 'verypay-prod-use1-backups-123456789012',
      ReplicationConfiguration: {
        Rules: [Match.objectLike({
          Destination: Match.objectLike({ Bucket: Match.stringLikeRegexp('verypay-prod-euw1-backups-123456789012$') }),
        })],
      },
    });
    const secondary = Template.fromStack(platform.regionalStack('eu-west-1')).findResources('AWS::S3::Bucket', {
      Properties: { BucketName: 'verypay-prod-euw1-backups-123456789012' },
    });
    expect(Object.values(secondary).map((r) => (r as { Properties: Record<string, unknown> }).Properties.ReplicationConfiguration)).toEqual([undefined]);
  });

  test('regional Aurora clusters join the global database: primary in us-east-1, secondaries elsewhere', () => {
    const { platform } = examplePlatform();
    const cluster = (region: string) => Object.values(Template.fromStack(platform.regionalStack(region)).findResources('AWS::RDS::DBCluster'))[0] as
      { Properties: Record<string, unknown> };
    expect(cluster('us-east-1').Properties).toEqual(expect.objectContaining({ GlobalClusterIdentifier: 'verypay-prod-global', MasterUsername: expect.anything() }));
    expect(cluster('eu-west-1').Properties).toEqual(expect.objectContaining({ GlobalClusterIdentifier: 'verypay-prod-global' }));
    expect(cluster('eu-west-1').Properties.MasterUsername).toBeUndefined();
  });

  test('the database and the cache accept connections from the cluster nodes only (and the database from its rotation)', () => {
    const { platform } = examplePlatform();
    const t = Template.fromStack(platform.regionalStack('us-east-1'));
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

  test('cdk-nag AwsSolutions and PCI DSS 3.2.1: no unacknowledged findings in any stack', () => {
    const { app } = examplePlatform();
    expect(nagFindings(app)).toEqual([]);
  });

  test('the built-in CloudFormation validation reports no errors and no unacknowledged warnings', () => {
    const { assembly } = examplePlatform();
    const reportFile = path.join(assembly.directory, 'validation-report.json');
    const report = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf8')) as { pluginReports: { violations: unknown[] }[] } : { pluginReports: [] };
    expect(report.pluginReports.flatMap((r) => r.violations)).toEqual([]);
  });

  test('fails with a clear configuration error, not an aws-cdk-lib stack trace, for a bad configuration', () => {
    const app = testApp();
    expect(() => new PaymentPlatform(app, { ...examplePlatformConfig, regions: [] }, { today: TODAY })).toThrow(/regions/);
  });

  test('regionalStack() fails for a region the platform does not have', () => {
    const { platform } = examplePlatform();
    expect(() => platform.regionalStack('sa-east-1')).toThrow(/'sa-east-1' is not one of the platform's regions \(us-east-1, eu-west-1, ap-southeast-1\)/);
  });
});
