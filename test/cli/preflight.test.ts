import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { GetHostedZoneCommand, ListHostedZonesByNameCommand } from '@aws-sdk/client-route-53';
import { GetAWSDefaultServiceQuotaCommand, GetServiceQuotaCommand } from '@aws-sdk/client-service-quotas';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runPreflight } from '../../lib/cli/preflight/command';
import { vcpuNeeds, vcpusOf, quotaOf } from '../../lib/cli/preflight/vcpus';
import { exampleConfig } from '../support/fixtures';
import { captureIo } from './helpers';
import { awsError, cfn, healthyAccount, iam, lineOf, preflight, quotas, r53, ssm, sts } from './preflight-support';

beforeEach(healthyAccount);

describe('preflight without AWS credentials: the checklist', () => {
  test('--offline prints every prerequisite per account and region, with the command that checks it', async () => {
    const { code, text, line } = await preflight(['--offline']);
    expect(code).toBe(0);
    expect(text).toContain('deploy order: PaymentPlatform-global → PaymentPlatform-us-east-1-base → PaymentPlatform-eu-west-1-base → ' +
      'PaymentPlatform-ap-southeast-1-base → PaymentPlatform-us-east-1 → PaymentPlatform-eu-west-1 → PaymentPlatform-ap-southeast-1 → PaymentPlatform-registry-replication');
    expect(line('Admin principal', 'account 123456789012')).toContain('[CHECK] Admin principal: arn:aws:iam::123456789012:role/PlatformAdmin must exist');
    expect(line('Admin principal')).toContain('fix: aws iam get-role --role-name PlatformAdmin');
    expect(line('Service-linked role AWSServiceRoleForAutoScaling')).toContain('[CHECK]');
    expect(line('Hosted zone delegation')).toContain('PaymentPlatform-global creates verypay.example.com; delegate it (output NameServers) before any regional stack');
    for (const region of ['us-east-1', 'eu-west-1', 'ap-southeast-1']) {
      expect(line('CDK bootstrap', region)).toContain(`npx cdk bootstrap aws://123456789012/${region}`);
      expect(line('vCPU quota L-1216C47A', region)).toContain('90 vCPUs at desired size, 290 at maximum (system 3–5 × t3.medium (2), api 3–10 × m5.xlarge (4), ' +
        'worker 5–20 × c5.2xlarge (8), blockchain 2–5 × m5.4xlarge (16))');
      expect(line('vCPU quota L-1216C47A', region)).toContain(`--quota-code L-1216C47A --desired-value 290`);
    }
    expect(line('Stack PaymentPlatform-registry-replication', 'us-east-1')).toContain('[CHECK]');
    expect(sts.calls()).toHaveLength(0);
  });

  test('without usable credentials it says so and prints the checklist', async () => {
    sts.on(GetCallerIdentityCommand).rejects(awsError('CredentialsProviderError', 'Could not load credentials from any providers'));
    const { code, text } = await preflight();
    expect(code).toBe(0);
    expect(text).toContain('mode: checklist (no usable AWS credentials: CredentialsProviderError: Could not load credentials from any providers)');
    expect(text).toMatch(/\[CHECK\] CDK bootstrap/);
    expect(iam.calls()).toHaveLength(0);
  });

  test('fails when the credentials are for another account', async () => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: '999999999999', Arn: 'arn:aws:sts::999999999999:assumed-role/Other/x' });
    const { code, io } = await preflight();
    expect(code).toBe(1);
    expect(io.errors.join('\n')).toContain('the credentials are for account 999999999999 (arn:aws:sts::999999999999:assumed-role/Other/x), the configuration deploys to 123456789012');
  });

  test('an unexpected STS error is not mistaken for missing credentials', async () => {
    sts.on(GetCallerIdentityCommand).rejects(awsError('ThrottlingException'));
    await expect(preflight()).rejects.toThrow('ThrottlingException');
  });
});

describe('preflight with credentials (mocked AWS SDK)', () => {
  test('a ready account passes every check', async () => {
    const { code, text } = await preflight();
    expect(text).toContain('mode: checked with the AWS SDK as arn:aws:sts::123456789012:assumed-role/Deployer/ci');
    expect(text).not.toMatch(/\[FAIL\]|\[WARN\]/);
    expect(code).toBe(0);
    expect(ssm.commandCalls(GetParameterCommand).map((c) => c.args[0].input.Name)).toEqual(Array(3).fill('/cdk-bootstrap/hnb659fds/version'));
    expect(quotas.commandCalls(GetServiceQuotaCommand).map((c) => c.args[0].input)).toEqual(Array(3).fill({ ServiceCode: 'ec2', QuotaCode: 'L-1216C47A' }));
    expect(iam.commandCalls(GetRoleCommand).map((c) => c.args[0].input.RoleName)).toContain('PlatformAdmin');
  });

  test('fails when the admin role does not exist (the access entry would roll the stack back)', async () => {
    iam.on(GetRoleCommand, { RoleName: 'PlatformAdmin' }).rejects(awsError('NoSuchEntityException'));
    const { code, line } = await preflight();
    expect(code).toBe(1);
    expect(line('Admin principal')).toContain('[FAIL] Admin principal: arn:aws:iam::123456789012:role/PlatformAdmin does not exist');
    expect(line('Admin principal')).toContain('fix: create the role PlatformAdmin');
  });

  test('warns when no admin role is configured', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preflight-'));
    const file = path.join(dir, 'config.js');
    const cfg = { ...exampleConfig(), cluster: {} };
    fs.writeFileSync(file, `module.exports = { config: ${JSON.stringify({ ...cfg, cluster: {}, database: undefined, cache: undefined })} };`);
    const io = captureIo();
    const code = await runPreflight(['--config', file], io, { resolveNs: async () => [] });
    expect(code).toBe(0);
    expect(lineOf(io.lines, 'Admin principal')).toContain('[WARN] Admin principal: cluster.adminRoleArn is not set');
  });

  test('a missing service-linked role is a warning: its service creates it on first use', async () => {
    iam.on(GetRoleCommand, { RoleName: 'AWSServiceRoleForAutoScaling' }).rejects(awsError('NoSuchEntityException'));
    const { code, line } = await preflight();
    expect(code).toBe(0);
    expect(line('Service-linked role AWSServiceRoleForAutoScaling')).toContain('[WARN] Service-linked role AWSServiceRoleForAutoScaling: absent: autoscaling.amazonaws.com creates it on first use');
  });

  test('other IAM errors surface', async () => {
    iam.on(GetRoleCommand).rejects(awsError('AccessDenied'));
    await expect(preflight()).rejects.toThrow('AccessDenied');
  });

  test('fails when a region is not bootstrapped, or bootstrapped with an old version', async () => {
    ssm.on(GetParameterCommand).callsFake(async () => { throw awsError('ParameterNotFound'); });
    let r = await preflight();
    expect(r.code).toBe(1);
    expect(r.line('CDK bootstrap', 'eu-west-1')).toContain('[FAIL] CDK bootstrap: eu-west-1 is not bootstrapped (/cdk-bootstrap/hnb659fds/version missing).');
    expect(r.line('CDK bootstrap', 'eu-west-1')).toContain('fix: npx cdk bootstrap aws://123456789012/eu-west-1');
    ssm.reset();
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: '5' } });
    r = await preflight();
    expect(r.line('CDK bootstrap', 'ap-southeast-1')).toContain('[FAIL] CDK bootstrap: bootstrap version 5 is older than 6.');
  });

  test('vCPU quota: below the desired size fails, below the maximum warns, an untouched quota uses the AWS default', async () => {
    quotas.on(GetServiceQuotaCommand).resolves({ Quota: { Value: 32 } });
    let r = await preflight();
    expect(r.code).toBe(1);
    expect(r.line('vCPU quota L-1216C47A', 'us-east-1')).toContain('[FAIL] vCPU quota L-1216C47A: Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances: quota 32, needed 90 at desired size, 290 at maximum');
    expect(r.line('vCPU quota L-1216C47A', 'us-east-1')).toContain('--desired-value 290 (node groups cannot reach their desired size)');
    quotas.reset();
    quotas.on(GetServiceQuotaCommand).resolves({ Quota: { Value: 128 } });
    r = await preflight();
    expect(r.code).toBe(0);
    expect(r.line('vCPU quota L-1216C47A', 'eu-west-1')).toContain('[WARN] vCPU quota L-1216C47A');
    expect(r.line('vCPU quota L-1216C47A', 'eu-west-1')).toContain('(the Cluster Autoscaler stops below the maximum)');
    quotas.reset();
    quotas.on(GetServiceQuotaCommand).rejects(awsError('NoSuchResourceException'));
    quotas.on(GetAWSDefaultServiceQuotaCommand).resolves({ Quota: { Value: 5 } });
    r = await preflight();
    expect(r.line('vCPU quota L-1216C47A', 'ap-southeast-1')).toContain('quota 5, needed 90');
  });

  test.each([
    ['ROLLBACK_COMPLETE', 'FAIL', 'aws cloudformation delete-stack --region us-east-1 --stack-name PaymentPlatform-us-east-1'],
    ['DELETE_FAILED', 'FAIL', 'aws cloudformation delete-stack'],
    ['UPDATE_ROLLBACK_FAILED', 'FAIL', 'aws cloudformation continue-update-rollback --region us-east-1 --stack-name PaymentPlatform-us-east-1'],
    ['UPDATE_IN_PROGRESS', 'WARN', 'wait for it to finish'],
    ['UPDATE_COMPLETE', 'PASS', 'the deploy updates it'],
  ])('a stack in %s: %s', async (status, mark, text) => {
    cfn.on(DescribeStacksCommand, { StackName: 'PaymentPlatform-us-east-1' }).resolves({ Stacks: [{ StackName: 'x', StackStatus: status as never, CreationTime: new Date() }] });
    const r = await preflight();
    expect(r.line('Stack PaymentPlatform-us-east-1', 'us-east-1')).toContain(`[${mark}]`);
    expect(r.line('Stack PaymentPlatform-us-east-1', 'us-east-1')).toContain(text);
    expect(r.code).toBe(mark === 'FAIL' ? 1 : 0);
  });

  describe('hosted zone delegation', () => {
    const withZoneId = (): string => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preflight-'));
      const file = path.join(dir, 'config.js');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { veryPayConfig } = require('../../examples/verypay/config');
      fs.writeFileSync(file, `module.exports = ${JSON.stringify({ ...veryPayConfig, domain: { ...veryPayConfig.domain, hostedZoneId: 'Z123' } })};`);
      return file;
    };
    const zone = (name: string) => ({ HostedZone: { Id: '/hostedzone/Z123', Name: name, CallerReference: 'r' }, DelegationSet: { NameServers: ['ns-1.awsdns-01.org', 'ns-2.awsdns-02.com'] } });

    test('passes when the zone resolves to its own name servers', async () => {
      r53.on(GetHostedZoneCommand).resolves(zone('verypay.example.com.'));
      const r = await preflight(['--config', withZoneId()], async () => ['NS-2.awsdns-02.com.', 'ns-1.awsdns-01.org']);
      expect(r.line('Hosted zone delegation')).toContain('[PASS] Hosted zone delegation: verypay.example.com (Z123) is delegated');
    });

    test('fails when the parent zone does not delegate to them', async () => {
      r53.on(GetHostedZoneCommand).resolves(zone('verypay.example.com.'));
      const r = await preflight(['--config', withZoneId()], async () => ['ns1.registrar.example']);
      expect(r.code).toBe(1);
      expect(r.line('Hosted zone delegation')).toContain('[FAIL] Hosted zone delegation: verypay.example.com resolves to [ns1.registrar.example], not to the zone\'s name servers');
      expect(r.line('Hosted zone delegation')).toContain('fix: set the NS records of verypay.example.com in the parent zone or registrar to ns-1.awsdns-01.org, ns-2.awsdns-02.com');
    });

    test('fails when the name does not resolve at all', async () => {
      r53.on(GetHostedZoneCommand).resolves(zone('verypay.example.com.'));
      const r = await preflight(['--config', withZoneId()], async () => { throw Object.assign(new Error('queryNs ENOTFOUND'), { code: 'ENOTFOUND' }); });
      expect(r.line('Hosted zone delegation')).toContain('resolves to [nothing]');
    });

    test('fails when the configured zone id does not exist or is another zone', async () => {
      r53.on(GetHostedZoneCommand).rejects(awsError('NoSuchHostedZone'));
      let r = await preflight(['--config', withZoneId()]);
      expect(r.line('Hosted zone delegation')).toContain('[FAIL] Hosted zone delegation: domain.hostedZoneId Z123 does not exist in this account.');
      r53.reset();
      r53.on(GetHostedZoneCommand).resolves(zone('other.example.com.'));
      r = await preflight(['--config', withZoneId()]);
      expect(r.line('Hosted zone delegation')).toContain('[FAIL] Hosted zone delegation: hosted zone Z123 is other.example.com., not verypay.example.com.');
    });

    test('warns when a zone of that name exists that the global stack did not create', async () => {
      r53.on(ListHostedZonesByNameCommand).resolves({ HostedZones: [{ Id: '/hostedzone/ZOLD', Name: 'verypay.example.com.', CallerReference: 'r', Config: { Comment: 'hand-made' } }] });
      const r = await preflight();
      expect(r.line('Hosted zone delegation')).toContain('[WARN] Hosted zone delegation: a public zone verypay.example.com already exists (ZOLD)');
      expect(r.line('Hosted zone delegation')).toContain("fix: set domain.hostedZoneId to 'ZOLD'");
    });

    test('checks the delegation of the zone the global stack created', async () => {
      r53.on(ListHostedZonesByNameCommand).resolves({ HostedZones: [{ Id: '/hostedzone/ZNEW', Name: 'verypay.example.com.', CallerReference: 'r',
        Config: { Comment: 'verypay prod payment platform (API failover records)' } }] });
      r53.on(GetHostedZoneCommand, { Id: 'ZNEW' }).resolves(zone('verypay.example.com.'));
      const r = await preflight([], async () => []);
      expect(r.line('Hosted zone delegation')).toContain('[FAIL] Hosted zone delegation: verypay.example.com resolves to [nothing]');
    });
  });
});

describe('vCPU arithmetic', () => {
  test.each([['t3.medium', 2], ['t3.micro', 2], ['m5.large', 2], ['m5.xlarge', 4], ['c5.2xlarge', 8], ['m5.4xlarge', 16], ['m6g.medium', 1], ['r6i.24xlarge', 96]])('%s has %i vCPUs', (t, n) => {
    expect(vcpusOf(t)).toBe(n);
  });
  test('fails on sizes it cannot tell and unknown families', () => {
    expect(() => vcpusOf('m5.metal')).toThrow("cannot tell the vCPUs of 'm5.metal' (size 'metal'); use a sized type such as 'm5.4xlarge'.");
    expect(() => vcpusOf('nonsense')).toThrow("'nonsense' is not an EC2 instance type");
    expect(() => quotaOf('u-6tb1.metal')).toThrow("no On-Demand vCPU quota known for instance family 'u-6tb1'");
  });
  test('GPU groups count against their own quota', () => {
    const g = { minSize: 0, maxSize: 2, desiredSize: 1, diskSizeGiB: 100, labels: {}, taints: [] };
    expect(vcpuNeeds({ a: { ...g, instanceType: 'g5.xlarge' }, b: { ...g, instanceType: 'm5.large' } }).map((n) => [n.quota, n.desired, n.max]))
      .toEqual([['g', 4, 8], ['standard', 2, 4]]);
  });
});
