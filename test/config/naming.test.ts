import { exampleConfig } from '../support/fixtures';
import {
  backupBucketName, clusterName, GLOBAL_STACK_NAME, globalDatabaseIdentifier, keyAlias, platformNamespaces, regionalStackName,
  regionShortCode, repositoryName, secretName, secretNamePrefix, workloadRoleName, WORKLOAD_IDENTITIES,
} from '../../lib/config/naming';
import { AWS_COMMERCIAL_REGIONS } from '../../lib/config/regions';

describe('regionShortCode', () => {
  test.each([
    ['us-east-1', 'use1'],
    ['us-west-2', 'usw2'],
    ['eu-west-1', 'euw1'],
    ['eu-central-2', 'euc2'],
    ['ap-southeast-1', 'apse1'],
    ['ap-northeast-3', 'apne3'],
    ['ap-south-2', 'aps2'],
    ['ca-west-1', 'caw1'],
    ['me-central-1', 'mec1'],
    ['sa-east-1', 'sae1'],
  ])('%s → %s', (region, code) => {
    expect(regionShortCode(region)).toBe(code);
  });

  test.each(['useast1', 'US-EAST-1', 'us-east', 'eu-west-1a', ''])('fails for %j, naming the value and the expected form', (region) => {
    expect(() => regionShortCode(region)).toThrow(`regionShortCode: '${region}' is not an AWS region code like 'us-east-1'.`);
  });

  test('every known commercial region has its own short code, so regional names never collide', () => {
    const codes = AWS_COMMERCIAL_REGIONS.map(regionShortCode);
    expect(new Set(codes).size).toBe(AWS_COMMERCIAL_REGIONS.length);
  });
});

describe('deterministic names of the example platform', () => {
  const cfg = exampleConfig();

  test('regional names', () => {
    expect(regionalStackName('us-east-1')).toBe('PaymentPlatform-us-east-1');
    expect(GLOBAL_STACK_NAME).toBe('PaymentPlatform-global');
    expect(clusterName(cfg, 'us-east-1')).toBe('verypay-prod-use1');
    expect(clusterName(cfg, 'ap-southeast-1')).toBe('verypay-prod-apse1');
    expect(workloadRoleName(cfg, 'eu-west-1', WORKLOAD_IDENTITIES.externalSecrets.workload)).toBe('verypay-prod-euw1-external-secrets');
    expect(workloadRoleName(cfg, 'us-east-1', WORKLOAD_IDENTITIES.paymentService.workload)).toBe('verypay-prod-use1-payment-service');
    expect(backupBucketName(cfg, 'ap-southeast-1')).toBe('verypay-prod-apse1-backups-123456789012');
  });

  test('secret, repository, namespace, key and global names', () => {
    expect(secretName(cfg, 'us-east-1', 'app/jwt-signing-key')).toBe('verypay/prod/us-east-1/app/jwt-signing-key');
    expect(secretName(cfg, 'eu-west-1', 'database/master')).toBe('verypay/prod/eu-west-1/database/master');
    expect(secretNamePrefix(cfg, 'eu-west-1')).toBe('verypay/prod/eu-west-1/');
    expect(repositoryName(cfg, 'api-gateway')).toBe('verypay/api-gateway');
    expect(platformNamespaces(cfg)).toEqual({ api: 'verypay-api', blockchain: 'verypay-blockchain', jobs: 'verypay-jobs', monitoring: 'monitoring', prometheus: 'kube-prometheus-stack' });
    expect(keyAlias(cfg, 'backups')).toBe('alias/verypay-prod-backups');
    expect(globalDatabaseIdentifier(cfg)).toBe('verypay-prod-global');
  });

  test('names are the same on every call (no randomness, no tokens)', () => {
    const again = exampleConfig();
    expect(cfg.regions.map((r) => backupBucketName(again, r.region))).toEqual(cfg.regions.map((r) => backupBucketName(cfg, r.region)));
  });
});
