import { Annotations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { auditKeyAlias, backupBucketName, configBucketName, platformPrefix, SECURITY_STACK_NAME, trailBucketName } from '../config/naming';
import { AuditTrail } from '../security/baseline/audit-trail';
import { LockedLogBucket } from '../security/baseline/locked-log-bucket';
import { BreakGlassRole } from '../security/break-glass-role';
import { PlatformStack, type PlatformStackProps } from './platform-stack';

/**
 * What the platform relies on when `securityBaseline.mode` is `organization`: recorded in the
 * synth output (an info annotation on the security stack) and in the README.
 */
export const ORGANIZATION_CONTROLS: readonly string[] = [
  'an organization CloudTrail trail (all regions, log file validation, KMS) delivering to a locked bucket in the log-archive account (PCI DSS 10.2, 10.3, 10.5)',
  'GuardDuty enabled by the delegated administrator with EKS audit logs, runtime monitoring, S3, RDS and malware protection (PCI DSS 10.7, 11.5)',
  'Security Hub with PCI DSS v4.0.1 and AWS Foundational Security Best Practices, aggregated by the delegated administrator (PCI DSS 10.7)',
  'an AWS Config recorder and delivery channel in every region (organization conformance pack for PCI DSS where used) (PCI DSS 1.1.1, 2.2, 11.5)',
  'IAM Access Analyzer with the organization as zone of trust (PCI DSS 7.2)',
  'an AWS Organizations backup policy that backs up resources tagged backup-plan=<name>-<environment> daily for 35 days into a locked vault with a cross-region copy (PCI DSS 9.4.1, 12.10.1)',
  'Amazon Inspector enhanced scanning of ECR repositories (PCI DSS 6.3.1, 11.3.1)',
];

/** Props of {@link AccountSecurityStack}. */
export type AccountSecurityStackProps = PlatformStackProps;

/**
 * `PaymentPlatform-security`, in the primary region: the break-glass role the key policies name
 * and, with `securityBaseline.mode: 'account'`, the account's CloudTrail trail (all regions,
 * Object-Locked bucket) and the bucket AWS Config delivers to from every region.
 */
export class AccountSecurityStack extends PlatformStack {
  public readonly breakGlassRole: iam.IRole;
  public readonly trail?: AuditTrail;

  constructor(scope: Construct, id: string, props: AccountSecurityStackProps) {
    const primary = props.config.regions.find((r) => r.role === 'primary')!;
    super(scope, id, {
      stackName: SECURITY_STACK_NAME,
      description: `${props.config.name} ${props.config.environment} payment platform: account security (break-glass role${props.config.securityBaseline.mode === 'account' ? ', CloudTrail, AWS Config bucket' : ''})`,
      ...props,
      env: { account: props.config.account, region: primary.region },
    });
    const { config } = props;
    const baseline = config.securityBaseline;
    this.breakGlassRole = new BreakGlassRole(this, 'BreakGlass', {
      roleName: baseline.breakGlassRoleName,
      keyAliasPattern: `alias/${platformPrefix(config)}-*`,
    }).role;
    if (baseline.mode === 'organization') {
      Annotations.of(this).addInfo(`securityBaseline.mode is 'organization': the platform creates no CloudTrail, GuardDuty, Security Hub, AWS Config, Access Analyzer, AWS Backup or Inspector resources and relies on: ${ORGANIZATION_CONTROLS.map((c, i) => `(${i + 1}) ${c}`).join('; ')}.`);
      return;
    }
    const trail = new AuditTrail(this, 'Trail', {
      trailName: platformPrefix(config),
      bucketName: trailBucketName(config),
      keyAlias: auditKeyAlias(config),
      retentionDays: baseline.trailRetentionDays,
      logGroupRetentionDays: config.retention.logRetentionDays,
      dataEventBuckets: config.regions.map((r) => backupBucketName(config, r.region)),
    });
    this.trail = trail;
    new LockedLogBucket(this, 'ConfigBucket', {
      bucketName: configBucketName(config),
      key: trail.key,
      retentionDays: baseline.trailRetentionDays,
      accessLogRetentionDays: baseline.trailRetentionDays,
      contents: 'AWS Config snapshots and history',
    }).bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowConfigDeliveryOfThisAccount',
      principals: [new iam.ServicePrincipal('config.amazonaws.com')],
      actions: ['s3:GetBucketAcl', 's3:ListBucket', 's3:PutObject'],
      resources: [`arn:${this.partition}:s3:::${configBucketName(config)}`, `arn:${this.partition}:s3:::${configBucketName(config)}/AWSLogs/${config.account}/Config/*`],
      conditions: { StringEquals: { 'aws:SourceAccount': config.account } },
    }));
  }
}
