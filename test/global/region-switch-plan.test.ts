/*
 * The ARC Region switch plans of the example platform, checked with the plan model
 * (test/support/region-switch-model.ts) against what the templates run; each model check is shown
 * to catch the defect it exists for on an edited copy of the templates.
 */
import { examplePlatform } from '../app/platform-fixture';
import { RegionSwitchModel } from '../support/region-switch-model';

/* eslint-disable @typescript-eslint/no-explicit-any */
const ACCOUNT = '123456789012';
const PRIMARY = 'us-east-1';
const SECONDARIES = ['eu-west-1', 'ap-southeast-1'];

let templates: { name: string; region: string; template: any }[];
beforeAll(() => {
  templates = examplePlatform().assembly.stacks.map((s) => ({ name: s.stackName, region: s.environment.region, template: s.template }));
});
const copy = () => templates.map((s) => ({ ...s, template: JSON.parse(JSON.stringify(s.template)) }));
const model = (t = templates) => new RegionSwitchModel(t);
const globalPlan = (t: typeof templates, secondary: string) => {
  const g = t.find((s) => s.name === 'PaymentPlatform-global')!.template;
  return Object.values<any>(g.Resources).find((r) => r.Type === 'AWS::ARCRegionSwitch::Plan' && r.Properties.Regions.includes(secondary)).Properties;
};

describe('Region switch plans (the example platform)', () => {
  test('one active/passive plan per secondary, each activating both of its regions, with the configured RTO', () => {
    const plans = model().plans();
    expect(plans.map((p) => [p.name, p.regions, p.rto]).sort()).toEqual([
      ['verypay-prod-apse1', [PRIMARY, 'ap-southeast-1'], 6],
      ['verypay-prod-euw1', [PRIMARY, 'eu-west-1'], 6],
    ]);
    for (const p of plans) expect(p.workflows.map((w) => `${w.action} ${w.target}`).sort()).toEqual(p.regions.map((r) => `activate ${r}`).sort());
  });

  test('the steps of every workflow: approval (production), database, scaling', () => {
    for (const p of model().plans()) {
      for (const w of p.workflows) {
        expect(w.steps.map((s) => [s.name, s.type])).toEqual([
          [`approve-${w.target}`, 'ManualApproval'], [`database-to-${w.target}`, 'AuroraGlobalDatabase'], [`scale-${w.target}`, 'EKSResourceScaling'],
        ]);
      }
    }
  });

  test('the plans cover every region, data store and warm-standby Deployment, in a valid order', () => {
    expect(model().check(ACCOUNT)).toEqual([]);
    for (const region of [PRIMARY, ...SECONDARIES]) expect(model().standbyDeployments(region)).toEqual(['verypay-api/api-gateway', 'verypay-api/payment-service']);
  });

  test('fails when a region is added without a plan for it', () => {
    const t = copy();
    const eu = t.find((s) => s.name === 'PaymentPlatform-eu-west-1')!;
    t.push({ name: 'PaymentPlatform-sa-east-1', region: 'sa-east-1', template: JSON.parse(JSON.stringify(eu.template)) });
    expect(model(t).check(ACCOUNT)).toContainEqual({ where: 'sa-east-1', problem: 'no Region switch plan activates this region' });
  });

  test('fails when a data store is added without a step for it (a DynamoDB table in eu-west-1)', () => {
    const t = copy();
    t.find((s) => s.name === 'PaymentPlatform-eu-west-1')!.template.Resources.Ledger = { Type: 'AWS::DynamoDB::Table', Properties: {} };
    expect(model(t).check(ACCOUNT)).toEqual([expect.objectContaining({ where: 'AWS::DynamoDB::Table' })]);
  });

  test('fails when a workflow does not move the database, or cannot fail over', () => {
    const t = copy();
    const wf = globalPlan(t, 'eu-west-1').Workflows.find((w: any) => w.WorkflowTargetRegion === 'eu-west-1');
    wf.Steps = wf.Steps.filter((s: any) => s.ExecutionBlockType !== 'AuroraGlobalDatabase');
    const other = globalPlan(t, 'ap-southeast-1').Workflows[0].Steps.find((s: any) => s.ExecutionBlockType === 'AuroraGlobalDatabase');
    delete other.ExecutionBlockConfiguration.GlobalAuroraConfig.Ungraceful;
    expect(model(t).check(ACCOUNT).map((f) => f.problem)).toEqual(expect.arrayContaining([
      'no AuroraGlobalDatabase step for AWS::RDS::DBCluster',
      'the database step cannot fail over when the old region is lost (Ungraceful.Ungraceful is not failover)',
    ]));
  });

  test('fails when scaling runs before the database moves', () => {
    const t = copy();
    const wf = globalPlan(t, 'eu-west-1').Workflows[0];
    wf.Steps = [wf.Steps[0], wf.Steps[2], wf.Steps[1]];
    expect(model(t).check(ACCOUNT)).toEqual([{
      where: 'verypay-prod-euw1 → eu-west-1',
      problem: 'steps out of order: approval → scaling → database (must follow approval → database → scaling)',
    }]);
  });

  test('fails when a warm-standby Deployment is left out of the scaling step', () => {
    const t = copy();
    const scaling = globalPlan(t, 'eu-west-1').Workflows[0].Steps[2].ExecutionBlockConfiguration.EksResourceScalingConfig;
    scaling.ScalingResources = scaling.ScalingResources.filter((m: any) => !('verypay-api-payment-service' in m));
    expect(model(t).check(ACCOUNT).map((f) => f.problem)).toContain('the scaling step does not scale verypay-api/payment-service, a warm-standby Deployment of eu-west-1');
  });

  test('the scaling step sizes the target from the other region\'s sampled capacity, in both clusters', () => {
    const scaling = globalPlan(templates, 'eu-west-1').Workflows[0].Steps[2].ExecutionBlockConfiguration.EksResourceScalingConfig;
    expect(scaling).toMatchObject({
      KubernetesResourceType: { ApiVersion: 'apps/v1', Kind: 'Deployment' },
      EksClusters: [{ ClusterArn: `arn:aws:eks:${PRIMARY}:${ACCOUNT}:cluster/verypay-prod-use1` }, { ClusterArn: `arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/verypay-prod-euw1` }],
      TargetPercent: 100, CapacityMonitoringApproach: 'sampledMaxInLast24Hours', Ungraceful: { MinimumSuccessPercentage: 80 },
    });
  });

  test('reports go to the secondary region\'s backups bucket; the health-check alarms show which region serves', () => {
    const plan = globalPlan(templates, 'eu-west-1');
    expect(plan.ReportConfiguration).toEqual({ ReportOutput: [{ S3Configuration: {
      BucketOwner: ACCOUNT, BucketPath: `verypay-prod-euw1-backups-${ACCOUNT}/region-switch-reports/verypay-prod-euw1`,
    } }] });
    expect(Object.keys(plan.AssociatedAlarms).sort()).toEqual(['api-health-eu-west-1', 'api-health-us-east-1']);
    expect(plan.AssociatedAlarms['api-health-eu-west-1'].AlarmType).toBe('applicationHealth');
  });

  test('each cluster gives the execution role the namespaced Region switch scaling policy', () => {
    for (const region of [PRIMARY, ...SECONDARIES]) {
      const t = templates.find((s) => s.name === `PaymentPlatform-${region}`)!.template;
      const entries = Object.values<any>(t.Resources).filter((r) => r.Type === 'AWS::EKS::AccessEntry'
        && JSON.stringify(r.Properties.PrincipalArn).includes('verypay-prod-region-switch'));
      expect(entries.map((e) => e.Properties.AccessPolicies)).toEqual([[{
        AccessScope: { Type: 'namespace', Namespaces: ['verypay-api'] },
        PolicyArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':eks::aws:cluster-access-policy/AmazonARCRegionSwitchScalingPolicy']] },
      }]]);
    }
  });
});
/* eslint-enable @typescript-eslint/no-explicit-any */
