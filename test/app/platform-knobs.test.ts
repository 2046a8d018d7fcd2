import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { App as Cdk8sApp } from 'cdk8s';
import { examplePlatformConfig } from '../../bin/example-config';
import { PaymentWorkloads } from '../../charts/payment-workloads';
import { workloadsChartId } from '../../charts/deploy-time';
import { workloadsPropsFromConfig } from '../../lib/stacks/workloads-props';
import { PlatformConfigError } from '../../lib/config/errors';
import type { PlatformConfig } from '../../lib/config/platform-config';
import { PaymentPlatform } from '../../lib/stacks/payment-platform';
import { exampleConfig, testApp, withToday } from '../support/fixtures';
import { TODAY } from './platform-fixture';

/** The knobs of the platform's parts, set through the configuration, reach what is deployed. */

const [us, eu] = examplePlatformConfig.regions;
const knobs: PlatformConfig = {
  ...examplePlatformConfig,
  regions: [us, { ...eu, alarmThresholds: { database: { cpuPercent: 60 } } }],
  database: { rotationDays: 7 },
  alarms: { ...examplePlatformConfig.alarms, thresholds: { database: { cpuPercent: 70 }, edge: { albLatencySeconds: 2 } } },
  edge: { ...examplePlatformConfig.edge, healthCheckIntervalSeconds: 10 },
};

function alarmThreshold(template: Template, metric: string, namespace: string): number[] {
  return Object.values(template.findResources('AWS::CloudWatch::Alarm'))
    .map((a) => (a as { Properties: { MetricName?: string; Namespace?: string; Threshold: number } }).Properties)
    .filter((p) => p.MetricName === metric && p.Namespace === namespace)
    .map((p) => p.Threshold);
}

describe('PaymentPlatform knobs', () => {
  let platform: PaymentPlatform;
  beforeAll(() => {
    platform = new PaymentPlatform(withToday(testApp(), TODAY), knobs, { applyWorkloads: false });
  });

  test('alarm thresholds: the platform\'s, and a region\'s own over them', () => {
    const usTemplate = Template.fromStack(platform.regionalStack(us.region));
    const euTemplate = Template.fromStack(platform.regionalStack(eu.region));
    expect(new Set(alarmThreshold(usTemplate, 'CPUUtilization', 'AWS/RDS'))).toEqual(new Set([70]));
    expect(new Set(alarmThreshold(euTemplate, 'CPUUtilization', 'AWS/RDS'))).toEqual(new Set([60]));
    // The edge threshold comes from the platform in both regions.
    const latency = Object.values(euTemplate.findResources('AWS::CloudWatch::Alarm')).filter((a) => JSON.stringify(a).includes('TargetResponseTime'));
    expect(latency.map((a) => (a as { Properties: { Threshold: number } }).Properties.Threshold)).toEqual([2]);
  });

  test('the Route 53 health checks run at the configured interval', () => {
    const checks = Object.values(Template.fromStack(platform.globalStack).findResources('AWS::Route53::HealthCheck'));
    expect(checks.length).toBeGreaterThan(0);
    for (const c of checks) expect((c as { Properties: { HealthCheckConfig: { RequestInterval: number } } }).Properties.HealthCheckConfig.RequestInterval).toBe(10);
  });

  test('the master secret rotates every configured number of days', () => {
    const schedules = Object.values(Template.fromStack(platform.regionalStack(us.region)).findResources('AWS::SecretsManager::RotationSchedule'));
    expect(JSON.stringify(schedules)).toMatch(/rate\(7 days\)|"AutomaticallyAfterDays":7/);
  });
});

describe('chart knobs: geth volumes and the backup schedule', () => {
  test('reach the PersistentVolumeClaims and the CronJob', () => {
    const cfg = exampleConfig({ workloads: { gethStorageGiB: 2048, lighthouseStorageGiB: 300, backupSchedule: '30 1 * * *', backupTimeZone: 'Asia/Kolkata' } });
    const chart = new PaymentWorkloads(new Cdk8sApp(), workloadsChartId(cfg, us.region), workloadsPropsFromConfig(cfg, us.region));
    const objects = chart.toJson() as { kind: string; metadata: { name: string }; spec: Record<string, unknown> }[];
    const json = JSON.stringify(objects);
    expect(json).toContain('"storage":"2048Gi"');
    expect(json).toContain('"storage":"300Gi"');
    const cron = objects.find((o) => o.kind === 'CronJob' && JSON.stringify(o).includes('pg'))!;
    expect([cron.spec.schedule, cron.spec.timeZone]).toEqual(['30 1 * * *', 'Asia/Kolkata']);
  });

  test('without them the constructs\' defaults apply', () => {
    const cfg = exampleConfig();
    const json = JSON.stringify(new PaymentWorkloads(new Cdk8sApp(), workloadsChartId(cfg, us.region), workloadsPropsFromConfig(cfg, us.region)).toJson());
    expect(json).toContain('"storage":"1024Gi"');
    expect(json).toContain('"schedule":"0 2 * * *"');
  });
});

describe('the today context key', () => {
  test('a malformed date is a configuration error, not a stack trace', () => {
    const app = new App({ context: { today: '22/11/2026' } });
    expect(() => new PaymentPlatform(app, examplePlatformConfig, { applyWorkloads: false })).toThrow(PlatformConfigError);
    expect(() => new PaymentPlatform(new App({ context: { today: '2026-02-30' } }), examplePlatformConfig)).toThrow(/context\.today: must be a date 'YYYY-MM-DD'/);
  });

  test('drives the Kubernetes support-window guard', () => {
    // Kubernetes 1.35 leaves EKS extended support on 2028-03-27.
    expect(() => new PaymentPlatform(withToday(testApp(), new Date('2029-01-01')), examplePlatformConfig, { applyWorkloads: false }))
      .toThrow(/reached the end of EKS extended support/);
  });
});

describe('plausibility warnings', () => {
  const big: PlatformConfig = {
    ...examplePlatformConfig, regions: [us],
    cluster: { nodeGroups: { worker: { instanceType: 'c5.2xlarge', minSize: 3, maxSize: 500, diskSizeGiB: 200 } } },
  };
  const warnings = (p: PaymentPlatform) => p.globalStack.node.metadata.filter((m) => m.type === 'aws:cdk:warning').map((m) => String(m.data));

  test('a node group above the EKS quota warns with its stable id, naming the field', () => {
    const p = new PaymentPlatform(withToday(testApp(), TODAY), big, { applyWorkloads: false });
    expect(warnings(p).filter((w) => w.includes('payment-platform:node-group-above-quota'))).toEqual([
      expect.stringContaining('cluster.nodeGroups.worker.maxSize: 500 is above the default EKS quota of 450 nodes'),
    ]);
  });

  test('an acknowledged warning is not reported', () => {
    const p = new PaymentPlatform(withToday(testApp(), TODAY), {
      ...big, acknowledgedWarnings: [{ id: 'payment-platform:node-group-above-quota', reason: 'quota raised to 1000 (case 1234)' }],
    }, { applyWorkloads: false });
    expect(warnings(p).filter((w) => w.includes('payment-platform:node-group-above-quota'))).toEqual([]);
  });
});
