import { expectRejected } from '../support/invalid-case';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as route53 from 'aws-cdk-lib/aws-route53';
import type { ResolvedPlatformConfig } from '../../lib/config/platform-config';
import { ApiFailoverRouting } from '../../lib/global/api-failover';
import { PlatformGlobalDatabase } from '../../lib/global/global-database';
import { HealthCheckAlarms } from '../../lib/global/health-check-alarms';
import { PlatformHostedZone, platformHostedZone } from '../../lib/global/hosted-zone';
import { RegistryReplication } from '../../lib/global/registry-replication';
import { backupReplicationTarget } from '../../lib/global/replication';
import { checkRecoveryObjectives, estimatedFailoverSeconds } from '../../lib/global/recovery-objectives';
import { exampleConfig, testApp, testStack } from '../support/fixtures';

const ZONE_ID = 'Z0123456789ABCDEFGHIJ';

function withDomain(domain: Partial<ResolvedPlatformConfig['domain']>): ResolvedPlatformConfig {
  const base = exampleConfig();
  return { ...base, domain: { ...base.domain, ...domain } };
}

describe('PlatformHostedZone', () => {
  test('fails when domain.zoneName is not a DNS name', () => {
    expect(() => new PlatformHostedZone(testStack(), 'Zone', { config: withDomain({ zoneName: 'Bad_Zone.' }) }))
      .toThrow(/domain\.zoneName 'Bad_Zone\.' is not a lower-case DNS name/);
  });

  test('fails when domain.hostedZoneId is not a zone id', () => {
    expect(() => new PlatformHostedZone(testStack(), 'Zone', { config: withDomain({ hostedZoneId: '/hostedzone/Z123' }) }))
      .toThrow(/domain\.hostedZoneId '\/hostedzone\/Z123' is not a Route 53 zone id/);
  });
});

describe('platformHostedZone (regional stacks)', () => {
  function globalZone(app: App) {
    const g = testStack(app, 'G', 'us-east-1');
    return new PlatformHostedZone(g, 'Zone', { config: exampleConfig() }).hostedZone;
  }

  test('imports by attributes when domain.hostedZoneId is configured, with no reference to the global stack', () => {
    const stack = testStack(testApp(), 'R', 'eu-west-1');
    const zone = platformHostedZone(stack, 'Zone', withDomain({ hostedZoneId: ZONE_ID }));
    expect(zone.hostedZoneId).toBe(ZONE_ID);
    expect(zone.zoneName).toBe('verypay.example.com');
  });

  test.each(['us-east-1', 'eu-west-1'])('reads the global zone id from %s with Fn::GetStackOutput and depends on the global stack', (region) => {
    // Weak even when the app's default is strong: the zone itself asks for weak references.
    const app = new App({ context: { '@aws-cdk/core:defaultCrossStackReferences': 'strong' } });
    const zone = globalZone(app);
    const stack = testStack(app, 'R', region);
    const imported = platformHostedZone(stack, 'Zone', exampleConfig(), { globalZone: zone });
    new route53.TxtRecord(stack, 'Probe', { zone: imported, values: ['x'] });
    Template.fromStack(stack).hasResourceProperties('AWS::Route53::RecordSet', {
      HostedZoneId: { 'Fn::GetStackOutput': Match.objectLike({ StackName: 'G', Region: 'us-east-1' }) },
    });
    expect(stack.dependencies.map((d) => d.stackName)).toEqual(['G']);
  });

  test('fails when the global zone is not the platform zone', () => {
    const app = testApp();
    const zone = globalZone(app);
    const stack = testStack(app, 'R', 'eu-west-1');
    expect(() => platformHostedZone(stack, 'Zone', withDomain({ zoneName: 'other.example.com' }), { globalZone: zone }))
      .toThrow(/globalZone 'verypay\.example\.com' is not the platform zone 'other\.example\.com' \(domain\.zoneName\)/);
  });

  test('fails when neither a zone id nor the global zone is given', () => {
    expect(() => platformHostedZone(testStack(), 'Zone', exampleConfig()))
      .toThrow(/domain\.hostedZoneId is not configured and no globalZone was given/);
  });

  test('fails when the configured zone id is malformed', () => {
    expect(() => platformHostedZone(testStack(), 'Zone', withDomain({ hostedZoneId: 'abc' }))).toThrow(/domain\.hostedZoneId 'abc'/);
  });
});

describe('ApiFailoverRouting', () => {
  function build(props: Partial<ConstructorParameters<typeof ApiFailoverRouting>[2]> = {}) {
    const stack = testStack();
    const hostedZone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: ZONE_ID, zoneName: 'verypay.example.com' });
    return new ApiFailoverRouting(stack, 'Failover', { config: exampleConfig(), hostedZone, ...props });
  }

  test('uses fast health checks when asked', () => {
    const f = build({ healthCheckIntervalSeconds: 10, healthCheckerRegions: ['us-west-2', 'sa-east-1', 'ap-northeast-1'] });
    Template.fromStack(Stack.of(f)).hasResourceProperties('AWS::Route53::HealthCheck', {
      HealthCheckConfig: { RequestInterval: 10, Regions: ['us-west-2', 'sa-east-1', 'ap-northeast-1'] },
    });
    expect(Object.keys(f.healthChecks)).toEqual(['us-east-1', 'eu-west-1', 'ap-southeast-1']);
    expect(f.failoverRegion).toBe('eu-west-1');
  });

  test('fails when the interval is not 10 or 30', () => {
    expect(() => build({ healthCheckIntervalSeconds: 20 as 10 })).toThrow(/healthCheckIntervalSeconds 20 must be 10 \(fast\) or 30/);
  });

  test('fails when fewer than three checker regions are given', () => {
    expect(() => build({ healthCheckerRegions: ['us-east-1', 'eu-west-1'] })).toThrow(/healthCheckerRegions \["us-east-1","eu-west-1"\] must name at least three/);
  });

  test('fails when a checker region is not a Route 53 checker region', () => {
    expect(() => build({ healthCheckerRegions: ['us-east-1', 'eu-west-1', 'eu-central-1'] })).toThrow(/healthCheckerRegions .*eu-central-1/);
  });

  test('fails when the failover region is not a secondary', () => {
    expect(() => build({ failoverRegion: 'us-east-1' })).toThrow(/failoverRegion 'us-east-1' is not a secondary region of the configuration; use one of \["eu-west-1","ap-southeast-1"\]/);
  });

  test('fails when no region is primary', () => {
    const stack = testStack();
    const base = exampleConfig();
    const hostedZone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: ZONE_ID, zoneName: 'verypay.example.com' });
    const config = { ...base, regions: base.regions.map((r) => ({ ...r, role: 'secondary' as const })) };
    expect(() => new ApiFailoverRouting(stack, 'F', { config, hostedZone })).toThrow(/config\.regions has no region with role 'primary'/);
  });
});

describe('HealthCheckAlarms', () => {
  function checks(stack: Stack) {
    return { 'us-east-1': route53.HealthCheck.fromHealthCheckId(stack, 'Hc', 'abcdef01-2345-6789-abcd-ef0123456789') };
  }

  test('outside us-east-1 creates no alarm and warns why', () => {
    const stack = testStack(testApp(), 'T', 'eu-west-1');
    const a = new HealthCheckAlarms(stack, 'Alarms', { healthChecks: checks(stack), namePrefix: 'verypay-prod' });
    Template.fromStack(stack).resourceCountIs('AWS::CloudWatch::Alarm', 0);
    expect(a.alarms).toEqual({});
    Annotations.fromStack(stack).hasWarning('/T/Alarms', Match.stringLikeRegexp('metrics exist only in us-east-1; this stack is in eu-west-1'));
  });

  test('without an e-mail it has no subscription', () => {
    const stack = testStack();
    new HealthCheckAlarms(stack, 'Alarms', { healthChecks: checks(stack), namePrefix: 'verypay-prod' });
    Template.fromStack(stack).resourceCountIs('AWS::SNS::Subscription', 0);
  });

  test('fails when the e-mail is malformed', () => {
    for (const email of ['oncall', 'oncall@-example.com']) {
      const own = testStack();
      expectRejected(() => new HealthCheckAlarms(own, 'Alarms', { healthChecks: checks(own), namePrefix: 'p', email }),
        { what: email, input: email, field: 'email', fix: "must be an e-mail address like 'payments-oncall@example.com'" });
    }
  });
});

describe('PlatformGlobalDatabase', () => {
  test('fails when database.engineVersion is not major.minor (checked once, with the configuration it is built from)', () => {
    expect(() => exampleConfig({ database: { engineVersion: '17' } })).toThrow(/database\.engineVersion: must be an Aurora PostgreSQL version 'major\.minor'/);
  });

  test('takes the engine version of the configuration', () => {
    const stack = testStack();
    new PlatformGlobalDatabase(stack, 'Db', { config: exampleConfig({ database: { engineVersion: '16.6' } }) });
    Template.fromStack(stack).hasResourceProperties('AWS::RDS::GlobalCluster', { EngineVersion: '16.6' });
  });
});

describe('RegistryReplication', () => {
  test('replicates to the given regions only', () => {
    const stack = testStack();
    new RegistryReplication(stack, 'Repl', { config: exampleConfig(), destinationRegions: ['eu-west-1'] });
    Template.fromStack(stack).hasResourceProperties('AWS::ECR::ReplicationConfiguration', {
      ReplicationConfiguration: { Rules: [{ Destinations: [{ Region: 'eu-west-1', RegistryId: '123456789012' }], RepositoryFilters: [{ Filter: 'verypay/api-gateway', FilterType: 'PREFIX_MATCH' }, { Filter: 'verypay/payment-service', FilterType: 'PREFIX_MATCH' }] }] },
    });
  });

  test.each([
    ['no destination', [] as string[], /destinationRegions \[\] must list 1–25 distinct regions/],
    ['a duplicate destination', ['eu-west-1', 'eu-west-1'], /destinationRegions \["eu-west-1","eu-west-1"\]/],
    ['the source region', ['us-east-1'], /destinationRegions includes 'us-east-1', the source region/],
  ])('fails with %s', (_n, destinationRegions, message) => {
    expect(() => new RegistryReplication(testStack(), 'Repl', { config: exampleConfig(), destinationRegions })).toThrow(message);
  });
});

describe('backupReplicationTarget', () => {
  test('names the secondary region bucket and its backups key alias ARN', () => {
    expect(backupReplicationTarget(exampleConfig(), 'eu-west-1')).toEqual({
      bucketName: 'verypay-prod-euw1-backups-123456789012',
      region: 'eu-west-1',
      kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:alias/verypay-prod-backups',
      kmsKeyAlias: 'alias/verypay-prod-backups',
    });
    expect(backupReplicationTarget(exampleConfig(), 'cn-north-1', 'aws-cn').kmsKeyArn).toBe('arn:aws-cn:kms:cn-north-1:123456789012:alias/verypay-prod-backups');
  });

  test('fails when the region is not a region code', () => {
    expect(() => backupReplicationTarget(exampleConfig(), 'Ireland')).toThrow(/secondaryRegion 'Ireland' is not an AWS region code/);
  });
});

describe('checkRecoveryObjectives', () => {
  const base = exampleConfig();
  const cfg = (recovery: { rpoSeconds: number; rtoMinutes: number }, regions = base.regions) => ({ regions, recovery });

  test('the defaults (RPO 1 s, RTO 5 min, three regions) raise nothing; the budget is 270 s', () => {
    expect(checkRecoveryObjectives(base)).toEqual([]);
    expect(estimatedFailoverSeconds()).toBe(270);
    expect(estimatedFailoverSeconds(10)).toBe(210);
  });

  test('a single region warns and nothing else', () => {
    expect(checkRecoveryObjectives(cfg({ rpoSeconds: 0.1, rtoMinutes: 1 }, [base.regions[0]]))).toEqual([
      expect.stringMatching(/^regions: only one region \(us-east-1\)/),
    ]);
  });

  test('no secondary database warns about the RPO', () => {
    expect(checkRecoveryObjectives(base, { secondaryDatabase: false })).toEqual([
      expect.stringMatching(/^recovery\.rpoSeconds 1: the secondary regions \(eu-west-1, ap-southeast-1\) hold no secondary cluster/),
    ]);
  });

  test('an RPO below one second is impossible', () => {
    expect(checkRecoveryObjectives(cfg({ rpoSeconds: 0.5, rtoMinutes: 5 }))).toEqual([expect.stringMatching(/^recovery\.rpoSeconds 0\.5 is below/)]);
  });

  test('an RTO below detection + TTL + database failover warns, suggesting fast checks', () => {
    expect(checkRecoveryObjectives(cfg({ rpoSeconds: 1, rtoMinutes: 4 }))).toEqual([
      expect.stringMatching(/^recovery\.rtoMinutes 4 is shorter .* = 270 s\. Raise recovery\.rtoMinutes to at least 5, or use fast \(10 s\) health checks\.$/),
    ]);
    expect(checkRecoveryObjectives(cfg({ rpoSeconds: 1, rtoMinutes: 4 }), { healthCheckIntervalSeconds: 10 })).toEqual([]);
    expect(checkRecoveryObjectives(cfg({ rpoSeconds: 1, rtoMinutes: 3 }), { healthCheckIntervalSeconds: 10 })).toEqual([
      expect.stringMatching(/= 210 s\. Raise recovery\.rtoMinutes to at least 4\.$/),
    ]);
  });
});
