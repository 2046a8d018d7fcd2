import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { AppSecrets } from '../../lib/data/app-secrets';
import { BackupBucket } from '../../lib/data/backup-bucket';
import { ContainerRegistry } from '../../lib/data/registry';
import { PlatformNetwork } from '../../lib/network/platform-network';
import { PlatformKeys } from '../../lib/security/platform-keys';
import { nagFindings } from '../support/compliance';
import { exampleConfig, testStack } from '../support/fixtures';

const cfg = exampleConfig();

/** Keys, network, backups bucket, registry and application secrets of one region. */
function foundation(region: string, replicate: boolean): Stack {
  const stack = testStack(undefined, `Foundation-${region}`, region);
  const regionConfig = cfg.regions.find((r) => r.region === region)!;
  const keys = new PlatformKeys(stack, 'Keys', { config: cfg });
  new PlatformNetwork(stack, 'Network', { config: cfg, region: regionConfig, logsKey: keys.logs });
  new BackupBucket(stack, 'Backups', {
    config: cfg, region, key: keys.backups,
    replicateTo: replicate ? { bucketName: 'verypay-prod-euw1-backups-123456789012', region: 'eu-west-1', kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:alias/verypay-prod-backups' } : undefined,
  });
  new ContainerRegistry(stack, 'Registry', { config: cfg, key: keys.data });
  new AppSecrets(stack, 'AppSecrets', { config: cfg, region, key: keys.secrets });
  return stack;
}

/** The cdk-nag acknowledgements under a scope (aws-cdk-lib's own CloudFormation-validator acknowledgements left out). */
function acknowledgements(scope: IConstruct): { path: string; id: string; reason: string }[] {
  return scope.node.findAll().flatMap((c) => c.node.metadata
    .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((m) => Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ path: c.node.path, id: id.replace(/^Annotation::/, ''), reason }))))
    .filter((a) => !a.id.startsWith('CloudFormation-Validate::'));
}

describe('regional foundation compliance', () => {
  test('no unacknowledged AwsSolutions, PCI DSS 3.2.1 or NIST 800-53 R5 findings (primary region, replicating)', () => {
    expect(nagFindings(foundation('us-east-1', true))).toEqual([]);
  });

  test('no unacknowledged findings (secondary region, not replicating)', () => {
    expect(nagFindings(foundation('eu-west-1', false))).toEqual([]);
  });

  test('every acknowledgement names its PCI DSS control', () => {
    const acks = [...acknowledgements(foundation('us-east-1', true)), ...acknowledgements(foundation('eu-west-1', false))];
    expect(acks.map((a) => a.id)).toContain('PCI.DSS.321-S3BucketReplicationEnabled');
    for (const a of acks) expect(`${a.id}: ${a.reason}`).toMatch(/: PCI DSS \d+(\.\d+)+/);
  });

  test('acknowledgements sit on the narrowest construct, never on the stack or a whole construct', () => {
    const acks = acknowledgements(foundation('us-east-1', true));
    expect([...new Set(acks.map((a) => `${a.id} @ ${a.path.replace(/PublicSubnet\d+/, 'PublicSubnetN')}`))].sort()).toEqual([
      'AwsSolutions-IAM5[Resource::<Backups2069380F.Arn>/*] @ Foundation-us-east-1/Backups/ReplicationPolicy',
      'AwsSolutions-IAM5[Resource::arn:aws:kms:eu-west-1:123456789012:key/*] @ Foundation-us-east-1/Backups/ReplicationPolicy',
      'AwsSolutions-IAM5[Resource::arn:aws:s3:::verypay-prod-euw1-backups-123456789012/*] @ Foundation-us-east-1/Backups/ReplicationPolicy',
      'AwsSolutions-SMG4 @ Foundation-us-east-1/AppSecrets/BlockchainProviderUrl',
      'AwsSolutions-SMG4 @ Foundation-us-east-1/AppSecrets/JwtSigningKey',
      'AwsSolutions-SMG4 @ Foundation-us-east-1/AppSecrets/WebhookSecret',
      'NIST.800.53.R5-S3BucketReplicationEnabled @ Foundation-us-east-1/Backups/AccessLogs',
      'NIST.800.53.R5-S3DefaultEncryptionKMS @ Foundation-us-east-1/Backups/AccessLogs',
      'NIST.800.53.R5-SecretsManagerRotationEnabled @ Foundation-us-east-1/AppSecrets/BlockchainProviderUrl',
      'NIST.800.53.R5-SecretsManagerRotationEnabled @ Foundation-us-east-1/AppSecrets/JwtSigningKey',
      'NIST.800.53.R5-SecretsManagerRotationEnabled @ Foundation-us-east-1/AppSecrets/WebhookSecret',
      'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW @ Foundation-us-east-1/Network/Resource/PublicSubnetN/DefaultRoute',
      'PCI.DSS.321-S3BucketReplicationEnabled @ Foundation-us-east-1/Backups/AccessLogs',
      'PCI.DSS.321-S3DefaultEncryptionKMS @ Foundation-us-east-1/Backups/AccessLogs',
      'PCI.DSS.321-VPCNoUnrestrictedRouteToIGW @ Foundation-us-east-1/Network/Resource/PublicSubnetN/DefaultRoute',
      'cdk-validator-cfnguard::s3_bucket_default_encryption_kms_check @ Foundation-us-east-1/Backups/AccessLogs',
      'cdk-validator-cfnguard::s3_bucket_logging_enabled_check @ Foundation-us-east-1/Backups/AccessLogs',
      'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check @ Foundation-us-east-1/Backups/AccessLogs',
    ]);
  });
});
