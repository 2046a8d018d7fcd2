/* The acknowledgement audit: every acknowledgement covers a finding, cites what exists, and the committed report is current. */
import { Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as fs from 'fs';
import * as path from 'path';
import { auditCompliance, NAG_PACKS, type ComplianceAudit } from '../../lib/compliance/audit';
import { citedControls, distinctRuleKinds, renderComplianceReport } from '../../lib/compliance/report';
import { examplePlatform } from '../app/platform-fixture';
import { testApp, testStack } from '../support/fixtures';
import { App } from 'aws-cdk-lib';

const ROOT = path.join(__dirname, '..', '..');
let audit: ComplianceAudit;
beforeAll(() => {
  const { app, assembly } = examplePlatform({ cloudFormationValidation: true });
  audit = auditCompliance(app, assembly.directory);
});

describe('acknowledgement audit of the example platform', () => {
  test('no acknowledgement of the platform covers nothing (cdk-nag packs and the CloudFormation validator)', () => {
    expect(audit.dead.map((a) => `${a.id} @ ${a.path}`)).toEqual([]);
  });

  test("aws-cdk-lib's own acknowledgements that cover nothing are known (ec2.FlowLog's F3002/F3003), so a new one is noticed", () => {
    expect([...new Set(audit.deadInAwsCdkLib.map((a) => `${a.id} @ ${a.kind}`))].sort()).toEqual([
      'CloudFormation-Validate::F3002 @ AWS::EC2::FlowLog', 'CloudFormation-Validate::F3003 @ AWS::EC2::FlowLog',
    ]);
  });

  test('every gated pack has zero unacknowledged findings; HIPAA is measured', () => {
    const open = (pack: string) => audit.findings.filter((f) => f.pack === pack && !f.acknowledgement).map((f) => `${f.rule} @ ${f.path}`);
    for (const p of NAG_PACKS.filter((x) => x.gate)) expect(open(p.name)).toEqual([]);
    expect(open('CloudFormation-Validate')).toEqual([]);
    expect(open('HIPAA.Security').length).toBeGreaterThan(0);
  });

  test('at most 25 distinct (check, resource kind) acknowledgements across the whole app; by pack rule id no more than today', () => {
    const platform = audit.acknowledgements.filter((a) => a.origin === 'platform');
    expect(distinctRuleKinds(platform, true)).toBeLessThanOrEqual(25);
    // 27 by pack rule id: PCI DSS and NIST run the same checks on the same kinds. A ratchet: lower it, never raise it.
    // (26 when it was set; the 27th arrived with the global database members' pinned minor versions,
    // PCI.DSS.321-RDSAutomaticMinorVersionUpgradeEnabled on AWS::RDS::DBInstance: RDS does not auto-upgrade them;
    // the 28th with the secp256k1 signer key's replica regions, whose deploy-time lookup of the primary key's ARN
    // is an aws-cdk-lib AwsCustomResource with an inline DescribeKey-only policy (IAMNoInlinePolicy on AWS::IAM::Policy).
    // Across packs the count stays at 23, within the 25.)
    expect(distinctRuleKinds(platform)).toBeLessThanOrEqual(28);
  });

  test('every reason cites a control, and every document it cites exists in the repository', () => {
    const platform = audit.acknowledgements.filter((a) => a.origin === 'platform' && !a.id.startsWith('CloudFormation-Validate::'));
    const uncited = platform.filter((a) => !citedControls(a.reason).some((c) => c.startsWith('PCI DSS')));
    expect(uncited.map((a) => `${a.id} @ ${a.path}`)).toEqual([]);
    const docs = new Set(platform.flatMap((a) => citedControls(a.reason).filter((c) => c.startsWith('docs/'))));
    expect([...docs].sort()).toEqual(['docs/runbooks/backup-replication.md', 'docs/runbooks/break-glass.md', 'docs/runbooks/secret-rotation.md']);
    for (const doc of docs) expect(fs.existsSync(path.join(ROOT, doc))).toBe(true);
  });

  test('no reason leans on a procedure or runbook it does not name', () => {
    const vague = audit.acknowledgements.filter((a) => /runbook|documented (manual )?procedure/i.test(a.reason) && !/docs\/[\w./-]+\.md/.test(a.reason));
    expect(vague.map((a) => `${a.id}: ${a.reason}`)).toEqual([]);
  });

  test('docs/compliance-report.md is current (npm run compliance-report rewrites it)', () => {
    const committed = fs.readFileSync(path.join(ROOT, 'docs', 'compliance-report.md'), 'utf8');
    expect(committed).toEqual(renderComplianceReport(audit));
  });
});

describe('auditCompliance catches what it exists for', () => {
  /** A stack with one compliant-enough bucket, synthesized with the CloudFormation validator on. */
  function audited(build: (app: App) => void): ComplianceAudit {
    const app = new App({ context: { ...testApp().node.getAllContext() } });
    build(app);
    return auditCompliance(app, app.synth().directory);
  }

  test('an acknowledgement for a rule that does not fire on its construct is dead (AEC5 on a bucket)', () => {
    const result = audited((app) => {
      const bucket = new s3.Bucket(testStack(app), 'Bucket');
      Validations.of(bucket).acknowledge({ id: 'AwsSolutions-AEC5', reason: 'PCI DSS 1.3.1: misplaced' });
      Validations.of(bucket).acknowledge({ id: 'AwsSolutions-S1', reason: 'PCI DSS 10.2: covers the missing access logs' });
    });
    expect(result.dead.map((a) => `${a.id} @ ${a.path}`)).toEqual(['AwsSolutions-AEC5 @ Test/Bucket']);
    expect(result.findings.filter((f) => f.rule === 'AwsSolutions-S1').map((f) => f.acknowledgement?.path)).toEqual(['Test/Bucket']);
  });

  test('a CloudFormation-validator acknowledgement on a construct the validator never flags is dead', () => {
    const result = audited((app) => {
      const vpc = new ec2.Vpc(testStack(app), 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'a', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
      Validations.of(vpc.node.defaultChild!).acknowledge({ id: 'CloudFormation-Validate::W3010', reason: 'PCI DSS 12.10.1: the VPC itself has no zone' });
    });
    expect(result.dead.map((a) => `${a.id} @ ${a.path}`)).toEqual(['CloudFormation-Validate::W3010 @ Test/Vpc/Resource']);
  });

  test('an acknowledgement on an ancestor covers findings below it and is not dead', () => {
    const result = audited((app) => {
      const stack = testStack(app);
      new s3.Bucket(stack, 'Bucket');
      Validations.of(stack).acknowledge({ id: 'AwsSolutions-S1', reason: 'PCI DSS 10.2: test' });
    });
    expect(result.dead).toEqual([]);
    expect(result.findings.find((f) => f.rule === 'AwsSolutions-S1')?.acknowledgement?.path).toBe('Test');
  });
});
