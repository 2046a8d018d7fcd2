import { withToday } from '../support/fixtures';
import { App as Cdk8sApp } from 'cdk8s';
import { Template } from 'aws-cdk-lib/assertions';
import { examplePlatformConfig } from '../../bin/example-config';
import { PaymentWorkloads } from '../../charts/payment-workloads';
import { workloadsPropsFromConfig } from '../../lib/stacks/workloads-props';
import { resolvePlatformConfig } from '../../lib/config/resolve';
import { PaymentPlatform } from '../../lib/stacks/payment-platform';
import { testApp } from '../support/fixtures';

/* eslint-disable @typescript-eslint/no-explicit-any */
const euPrimary = {
  ...examplePlatformConfig,
  regions: examplePlatformConfig.regions.map((r) => ({ ...r, role: r.region === 'eu-west-1' ? 'primary' as const : 'secondary' as const })),
  edge: { healthCheckPath: '/api/v1/health/ready' },
};

describe('health checks follow the configuration', () => {
  let app: ReturnType<typeof testApp>;
  let platform: PaymentPlatform;
  beforeAll(() => {
    app = testApp();
    platform = new PaymentPlatform(withToday(app, new Date('2026-11-22')), euPrimary, { applyWorkloads: false, workloads: () => ({ apiGateway: { healthCheckPath: '/api/v1/health/ready' } }) });
  });

  test('Route 53 probes edge.healthCheckPath in every region', () => {
    const checks = Object.values<any>(Template.fromStack(platform.globalStack).findResources('AWS::Route53::HealthCheck'));
    expect(checks.map((c) => c.Properties.HealthCheckConfig.ResourcePath)).toEqual(['/api/v1/health/ready', '/api/v1/health/ready', '/api/v1/health/ready']);
  });

  test('with the primary in eu-west-1 the alarms are created in us-east-1, on the global stack\'s health checks (the code as it was created none)', () => {
    expect(platform.globalStack.alarms).toBeUndefined();
    const stack = platform.healthAlarmsStack!;
    expect([stack.stackName, stack.region]).toEqual(['PaymentPlatform-health-alarms', 'us-east-1']);
    expect(stack.dependencies.map((d) => d.stackName)).toEqual(['PaymentPlatform-global']);
    const alarms = Object.values<any>(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.map((a) => a.Properties.AlarmName).sort()).toEqual(['verypay-prod-api-health-ap-southeast-1', 'verypay-prod-api-health-eu-west-1', 'verypay-prod-api-health-us-east-1']);
    for (const a of alarms) {
      expect(a.Properties).toMatchObject({ Namespace: 'AWS/Route53', MetricName: 'HealthCheckStatus' });
      expect(a.Properties.Dimensions[0].Value['Fn::GetStackOutput']).toMatchObject({ StackName: 'PaymentPlatform-global', Region: 'eu-west-1' });
    }
  });

  test('with the primary in us-east-1 the alarms stay in the global stack and no extra stack exists', () => {
    const p = new PaymentPlatform(withToday(testApp(), new Date('2026-11-22')), examplePlatformConfig, { applyWorkloads: false });
    expect(p.healthAlarmsStack).toBeUndefined();
    expect(Object.keys(p.globalStack.alarms!.alarms).sort()).toEqual(['ap-southeast-1', 'eu-west-1', 'us-east-1']);
  });

  test('the ALB target group probes the same path (Ingress annotation)', () => {
    const cfg = resolvePlatformConfig(euPrimary);
    const objects = new PaymentWorkloads(new Cdk8sApp(), 'W', workloadsPropsFromConfig(cfg, 'eu-west-1', { apiGateway: { healthCheckPath: '/api/v1/health/ready' } })).toJson();
    const ingress = objects.find((o: any) => o.kind === 'Ingress');
    expect(ingress.metadata.annotations['alb.ingress.kubernetes.io/healthcheck-path']).toBe('/api/v1/health/ready');
  });

  describe('fails when', () => {
    test('the gateway declares another health-check path than edge.healthCheckPath', () => {
      const cfg = resolvePlatformConfig(euPrimary);
      expect(() => new PaymentWorkloads(new Cdk8sApp(), 'W', workloadsPropsFromConfig(cfg, 'eu-west-1'))).toThrow(
        "PaymentWorkloads: healthCheckPath is '/api/v1/health/ready' (edge.healthCheckPath: the load balancer and Route 53 probe it) but the api-gateway spec declares healthCheckPath '/health'; make them the same path, the one that answers 200 only when the region can serve payments.",
      );
    });

    test('edge.healthCheckPath is not an absolute path', () => {
      expect(() => resolvePlatformConfig({ ...examplePlatformConfig, edge: { healthCheckPath: 'health?x=1' } })).toThrow(
        "edge.healthCheckPath: must be an absolute URL path without query, at most 255 characters (Route 53's limit), e.g. '/health' or '/api/v1/health/ready' (got \"health?x=1\")",
      );
    });
  });
});
/* eslint-enable @typescript-eslint/no-explicit-any */
