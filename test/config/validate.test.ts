import { examplePlatformConfig as ex } from '../../bin/example-config';
import { PlatformConfigError } from '../../lib/config/errors';
import type { PlatformConfig } from '../../lib/config/platform-config';
import { resolvePlatformConfig } from '../../lib/config/resolve';
import { validatePlatformConfig } from '../../lib/config/validate';

type Patch = Record<string, unknown>;

/** The example with top-level fields replaced (values may be deliberately ill-typed). */
function top(patch: Patch): PlatformConfig {
  return { ...ex, ...patch } as unknown as PlatformConfig;
}

/** The example with fields of region `i` replaced. */
function region(i: number, patch: Patch): PlatformConfig {
  return top({ regions: ex.regions.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
}

/** The example with fields of one section replaced. */
function section(name: 'domain' | 'images' | 'cluster' | 'database' | 'cache' | 'alarms' | 'edge' | 'retention' | 'recovery' | 'securityBaseline', patch: Patch): PlatformConfig {
  return top({ [name]: { ...(ex[name] as Patch | undefined), ...patch } });
}

const VALID_GROUP = { instanceType: 'm5.xlarge', minSize: 2, maxSize: 10, diskSizeGiB: 100 };

/** The example with one node group given, starting from a valid group. */
function nodeGroup(name: string, patch: Patch): PlatformConfig {
  return section('cluster', { nodeGroups: { [name]: { ...VALID_GROUP, ...patch } } });
}

function problemsOf(config: PlatformConfig): PlatformConfigError {
  try {
    validatePlatformConfig(config);
  } catch (e) {
    if (e instanceof PlatformConfigError) return e;
    throw e;
  }
  throw new Error('expected a PlatformConfigError, but the configuration was accepted');
}

const usEast1Azs = ['us-east-1a', 'us-east-1b', 'us-east-1c'];

describe('validatePlatformConfig rejects invalid configurations, naming the field and the fix', () => {
  test.each<[string, PlatformConfig, string, string]>([
    // identity
    ['name with illegal characters', top({ name: 'Very_Pay' }), 'name', 'lowercase letters'],
    ['empty name', top({ name: '' }), 'name', "e.g. 'verypay'"],
    ['name with --', top({ name: 'very--pay' }), 'name', "must not contain '--'"],
    ['name reserved by S3', top({ name: 'sthree-pay' }), 'name', "'sthree-'"],
    ['bad environment', top({ environment: 'Production!' }), 'environment', "e.g. 'prod'"],
    ['short account', top({ account: '1234' }), 'account', '12-digit AWS account id'],
    ['numeric account', top({ account: 123456789012 }), 'account', 'as a string'],
    ['missing account', top({ account: undefined }), 'account', '12-digit'],
    ['empty cost center', top({ costCenter: ' ' }), 'costCenter', 'non-empty tag value'],
    ['long cost center', top({ costCenter: 'x'.repeat(257) }), 'costCenter', 'at most 256'],
    ['cost center with <>', top({ costCenter: 'pay<ments>' }), 'costCenter', 'letters, digits'],
    ['blockchain as a string', top({ blockchain: 'no' }), 'blockchain', 'must be true or false'],
    ['repositories not a list', top({ repositories: 'ledger-service' }), 'repositories', 'must be a list of service names'],
    ['repository with upper case', top({ repositories: ['Ledger'] }), 'repositories[0]', "e.g. 'ledger-service'"],
    ['repository with a slash', top({ repositories: ['acme/ledger'] }), 'repositories[0]', "the repository is '<name>/<service>'"],
    ['repository listed twice', top({ repositories: ['fx', 'fx'] }), 'repositories[1]', 'list each service once'],
    ['blockchain node group without blockchain', top({ blockchain: false, cluster: { nodeGroups: { blockchain: VALID_GROUP } } }),
      'cluster.nodeGroups.blockchain', 'is configured but blockchain is false, so no blockchain node group is created; remove cluster.nodeGroups.blockchain or set blockchain: true'],
    // regions
    ['regions undefined', top({ regions: undefined }), 'regions', 'must be a non-empty list'],
    ['regions empty', top({ regions: [] }), 'regions', 'must be a non-empty list'],
    ['region entry null', top({ regions: [ex.regions[0], null] }), 'regions[1]', 'must be an object { region, role, cidr, availabilityZones }'],
    ['unknown region', region(0, { region: 'us-east-9' }), 'regions[0].region', 'known AWS commercial region'],
    ['duplicate region', region(2, { region: 'eu-west-1', availabilityZones: ['eu-west-1a', 'eu-west-1b'] }), 'regions[2].region', 'duplicates regions[1]'],
    ['no primary', region(0, { role: 'secondary' }), 'regions', "exactly one region with role 'primary' (none has)"],
    ['two primaries', region(1, { role: 'primary' }), 'regions', 'us-east-1 and eu-west-1 are primary'],
    ['unknown role', region(1, { role: 'standby' }), 'regions[1].role', "'primary' or 'secondary'"],
    ['CIDR syntax', region(0, { cidr: '10.0.0/16' }), 'regions[0].cidr', "IPv4 CIDR block like '10.0.0.0/16'"],
    ['CIDR prefix > 32', region(0, { cidr: '10.0.0.0/33' }), 'regions[0].cidr', 'IPv4 CIDR block'],
    ['CIDR octet > 255', region(0, { cidr: '10.256.0.0/16' }), 'regions[0].cidr', 'IPv4 CIDR block'],
    ['CIDR host bits set', region(0, { cidr: '10.0.1.0/16' }), 'regions[0].cidr', "use the network address '10.0.0.0/16'"],
    ['public CIDR', region(0, { cidr: '8.8.0.0/16' }), 'regions[0].cidr', 'private (RFC 1918)'],
    ['CIDR too large', region(0, { cidr: '10.0.0.0/8' }), 'regions[0].cidr', 'prefix from /16 to /20'],
    ['CIDR too small', region(0, { cidr: '10.0.0.0/24' }), 'regions[0].cidr', 'prefix from /16 to /20'],
    ['overlapping CIDRs', region(1, { cidr: '10.0.128.0/17' }), 'regions[1].cidr', 'overlaps regions[0].cidr of us-east-1; give eu-west-1 a non-overlapping block'],
    ['one AZ', region(0, { availabilityZones: ['us-east-1a'] }), 'regions[0].availabilityZones', 'must list 2 to 6 availability zones'],
    ['AZs as a string', region(0, { availabilityZones: 'us-east-1a' }), 'regions[0].availabilityZones', '2 to 6'],
    ['seven AZs', region(0, { availabilityZones: [...usEast1Azs, 'us-east-1d', 'us-east-1e', 'us-east-1f', 'us-east-1a'] }), 'regions[0].availabilityZones', '2 to 6'],
    ['AZ of another region', region(0, { availabilityZones: ['us-east-1a', 'us-east-1b', 'eu-west-1a'] }), 'regions[0].availabilityZones[2]', 'not an availability zone of us-east-1'],
    ['AZ letter that does not exist', region(1, { availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1d'] }), 'regions[1].availabilityZones[2]', 'use one of eu-west-1a, eu-west-1b, eu-west-1c'],
    ['ca-central-1c does not exist', top({ regions: [{ region: 'ca-central-1', role: 'primary', cidr: '10.0.0.0/16', availabilityZones: ['ca-central-1a', 'ca-central-1c'] }] }), 'regions[0].availabilityZones[1]', 'ca-central-1a, ca-central-1b, ca-central-1d'],
    ['duplicate AZ', region(0, { availabilityZones: ['us-east-1a', 'us-east-1a', 'us-east-1b'] }), 'regions[0].availabilityZones[1]', 'listed twice'],
    ['zero NAT gateways', region(0, { natGateways: 0 }), 'regions[0].natGateways', 'private subnets need a NAT gateway'],
    ['more NAT gateways than AZs', region(0, { natGateways: 4 }), 'regions[0].natGateways', 'from 1 to 3'],
    ['fractional NAT gateways', region(0, { natGateways: 1.5 }), 'regions[0].natGateways', 'integer'],
    // domain
    ['domain undefined', top({ domain: undefined }), 'domain', "zoneName: 'verypay.example.com'"],
    ['upper-case zone', section('domain', { zoneName: 'VeryPay.example.com' }), 'domain.zoneName', 'lowercase labels'],
    ['zone without a dot', section('domain', { zoneName: 'localhost' }), 'domain.zoneName', 'separated by dots'],
    ['zone with trailing dot', section('domain', { zoneName: 'verypay.example.com.' }), 'domain.zoneName', 'without a trailing dot'],
    ['hosted zone id with prefix', section('domain', { hostedZoneId: '/hostedzone/Z123ABC' }), 'domain.hostedZoneId', "without '/hostedzone/'"],
    ['api label with underscore', section('domain', { apiLabel: 'api_v1' }), 'domain.apiLabel', "one DNS label"],
    ['api label too long with region', section('domain', { apiLabel: 'a'.repeat(50) }), 'domain.apiLabel', 'shorten it to at most 48 characters'],
    // images
    ['images undefined', top({ images: undefined }), 'images', 'apiGateway'],
    ['latest tag', section('images', { apiGateway: { tag: 'latest' } }), 'images.apiGateway.tag', "must not be 'latest'"],
    ['empty tag', section('images', { paymentService: { tag: '' } }), 'images.paymentService.tag', 'pin a release tag'],
    ['missing payment-service image', section('images', { paymentService: undefined }), 'images.paymentService', 'pinned tag'],
    ['tag with a space', section('images', { geth: { tag: 'v1 16' } }), 'images.geth.tag', 'Docker tag'],
    ['repository with a tag', section('images', { geth: { repository: 'ethereum/client-go:v1.16.7', tag: 'v1.16.7' } }), 'images.geth.repository', "put the tag in 'tag'"],
    ['upper-case repository', section('images', { lighthouse: { repository: 'Sigp/Lighthouse', tag: 'v8.0.1' } }), 'images.lighthouse.repository', 'lowercase path'],
    // cluster
    ['cluster not an object', top({ cluster: 'big' }), 'cluster', 'must be an object'],
    ['patch-level Kubernetes version', section('cluster', { kubernetesVersion: '1.35.0' }), 'cluster.kubernetesVersion', "like '1.35'"],
    ['open API endpoint', section('cluster', { endpointPublicAccessCidrs: ['0.0.0.0/0'] }), 'cluster.endpointPublicAccessCidrs[0]', 'list your office/VPN CIDRs'],
    ['endpoint CIDR with host bits', section('cluster', { endpointPublicAccessCidrs: ['203.0.113.5/24'] }), 'cluster.endpointPublicAccessCidrs[0]', "'203.0.113.0/24'"],
    ['admin role not an ARN', section('cluster', { adminRoleArn: 'PlatformAdmin' }), 'cluster.adminRoleArn', "arn:aws:iam::123456789012:role/PlatformAdmin"],
    ['admin user instead of role', section('cluster', { adminRoleArn: 'arn:aws:iam::123456789012:user/bob' }), 'cluster.adminRoleArn', 'IAM role ARN'],
    ['admin role in another account', section('cluster', { adminRoleArn: 'arn:aws:iam::210987654321:role/Admin' }), 'cluster.adminRoleArn', 'use a role of account 123456789012'],
    ['unknown node group', nodeGroup('gpu', {}), 'cluster.nodeGroups.gpu', 'use one of system, api, worker, blockchain'],
    ['instance type without dot', nodeGroup('api', { instanceType: 'm5xlarge' }), 'cluster.nodeGroups.api.instanceType', "'m5.xlarge'"],
    ['upper-case instance type', nodeGroup('api', { instanceType: 'M5.xlarge' }), 'cluster.nodeGroups.api.instanceType', 'EC2 instance type'],
    ['unknown instance size', nodeGroup('api', { instanceType: 'm5.huge' }), 'cluster.nodeGroups.api.instanceType', 'EC2 instance type'],
    ['min > max', nodeGroup('worker', { minSize: 5, maxSize: 3 }), 'cluster.nodeGroups.worker.minSize', 'greater than maxSize (3); lower minSize to at most 3 or raise maxSize to at least 5'],
    ['negative min', nodeGroup('worker', { minSize: -1 }), 'cluster.nodeGroups.worker.minSize', 'integer ≥ 0'],
    ['zero max', nodeGroup('worker', { maxSize: 0 }), 'cluster.nodeGroups.worker.maxSize', 'integer ≥ 1'],
    ['desired above max', nodeGroup('api', { desiredSize: 11 }), 'cluster.nodeGroups.api.desiredSize', 'within minSize..maxSize (2..10)'],
    ['tiny disk', nodeGroup('api', { diskSizeGiB: 10 }), 'cluster.nodeGroups.api.diskSizeGiB', 'from 20 to 16384'],
    ['bad label key', nodeGroup('api', { labels: { 'bad key!': 'x' } }), 'cluster.nodeGroups.api.labels.bad key!', 'invalid Kubernetes label key'],
    ['bad label value', nodeGroup('api', { labels: { role: 'x'.repeat(64) } }), 'cluster.nodeGroups.api.labels.role', 'invalid Kubernetes label value'],
    ['bad taint effect', nodeGroup('api', { taints: [{ key: 'role', value: 'api', effect: 'NoRun' }] }), 'cluster.nodeGroups.api.taints[0].effect', "'NoSchedule', 'PreferNoSchedule' or 'NoExecute'"],
    ['bad taint key', nodeGroup('api', { taints: [{ key: '-role', value: 'api', effect: 'NoSchedule' }] }), 'cluster.nodeGroups.api.taints[0].key', 'label-style key'],
    // database
    ['PostgreSQL 14', section('database', { engineVersion: '14.9' }), 'database.engineVersion', 'PostgreSQL 14 reaches end of standard support; use 16 or 17'],
    ['engine version without minor', section('database', { engineVersion: '16' }), 'database.engineVersion', "'major.minor'"],
    ['instance class without db.', section('database', { instanceClass: 'r6g.2xlarge' }), 'database.instanceClass', "starting with 'db.'"],
    ['reader class bad size', section('database', { readerInstanceClass: 'db.r6g.huge' }), 'database.readerInstanceClass', "'db.r6g.2xlarge'"],
    ['16 readers', section('database', { readers: 16 }), 'database.readers', 'up to 15 readers'],
    ['reserved database name', section('database', { databaseName: 'postgres' }), 'database.databaseName', 'reserved'],
    ['database name starting with a digit', section('database', { databaseName: '1payments' }), 'database.databaseName', 'starting with a letter'],
    ['reserved master user', section('database', { masterUsername: 'admin' }), 'database.masterUsername', 'reserved by PostgreSQL or RDS'],
    ['max connections too low', section('database', { maxConnections: 5 }), 'database.maxConnections', 'from 10 to 262143'],
    ['backups kept 1 day', section('database', { backupRetentionDays: 1 }), 'database.backupRetentionDays', 'PCI DSS: keep backups at least 7 days'],
    ['backup window too short', section('database', { preferredBackupWindow: '03:00-03:15' }), 'database.preferredBackupWindow', 'at least 30 minutes'],
    ['backup window format', section('database', { preferredBackupWindow: '3am-4am' }), 'database.preferredBackupWindow', "'hh:mm-hh:mm'"],
    ['maintenance window format', section('database', { preferredMaintenanceWindow: 'sunday 04:00' }), 'database.preferredMaintenanceWindow', "'ddd:hh:mm-ddd:hh:mm'"],
    ['windows overlap', section('database', { preferredBackupWindow: '04:30-05:30' }), 'database.preferredMaintenanceWindow', 'overlaps the backup window 04:30-05:30'],
    ['negative slow query threshold', section('database', { slowQueryMillis: -1 }), 'database.slowQueryMillis', 'integer ≥ 0'],
    // cache
    ['memcached', section('cache', { engine: 'memcached' }), 'cache.engine', "'valkey' or 'redis'"],
    ['single cache node', section('cache', { nodes: 1 }), 'cache.nodes', 'automatic failover needs at least 2 nodes'],
    ['node type without cache.', section('cache', { nodeType: 'r6g.xlarge' }), 'cache.nodeType', "starting with 'cache.'"],
    ['cache engine version latest', section('cache', { engineVersion: 'latest' }), 'cache.engineVersion', "'major.minor'"],
    ['no cache snapshots', section('cache', { snapshotRetentionDays: 0 }), 'cache.snapshotRetentionDays', 'from 1 to 35'],
    ['cache snapshot window 30 min', section('cache', { snapshotWindow: '03:00-03:30' }), 'cache.snapshotWindow', 'at least 60 minutes'],
    ['cache windows overlap', section('cache', { snapshotWindow: '05:00-06:00' }), 'cache.maintenanceWindow', 'overlaps the snapshot window'],
    // security baseline
    ['baseline not an object', top({ securityBaseline: 'on' as never }), 'securityBaseline', "mode 'organization'"],
    ['unknown baseline mode', section('securityBaseline', { mode: 'self' }), 'securityBaseline.mode', "'account' (the platform creates the baseline) or 'organization'"],
    ['trail kept 90 days', section('securityBaseline', { trailRetentionDays: 90 }), 'securityBaseline.trailRetentionDays', 'from 365 (PCI DSS 10.5.1 keeps one year)'],
    ['backups kept 3 days', section('securityBaseline', { backupRetentionDays: 3 }), 'securityBaseline.backupRetentionDays', 'from 7 (the vault lock minimum)'],
    ['break-glass role with a slash', section('securityBaseline', { breakGlassRoleName: 'admin/break-glass' }), 'securityBaseline.breakGlassRoleName', 'must be an IAM role name'],
    ['conformance pack from https', section('securityBaseline', { pciConformancePackTemplateS3Uri: 'https://example.com/pci.yaml' }), 'securityBaseline.pciConformancePackTemplateS3Uri', 'S3 URI of a conformance pack template'],
    ['backup account a string', section('securityBaseline', { backupAccount: '210987654321' }), 'securityBaseline.backupAccount', 'must be an object'],
    ['backup account id short', section('securityBaseline', { backupAccount: { accountId: '2109', vaultName: 'vault' } }), 'securityBaseline.backupAccount.accountId', '12-digit id'],
    ['backup account is the platform account', section('securityBaseline', { backupAccount: { accountId: '123456789012', vaultName: 'vault' } }), 'securityBaseline.backupAccount.accountId', 'is the platform account itself'],
    ['backup vault name with spaces', section('securityBaseline', { backupAccount: { accountId: '210987654321', vaultName: 'my vault' } }), 'securityBaseline.backupAccount.vaultName', 'backup vault name'],
    ['backup vault in no region', section('securityBaseline', { backupAccount: { accountId: '210987654321', vaultName: 'vault', region: 'mars-1' } }), 'securityBaseline.backupAccount.region', 'AWS region code'],
    // alarms, edge
    ['bad e-mail', section('alarms', { email: 'oncall' }), 'alarms.email', "e-mail address like 'payments-oncall@example.com'"],
    ['pagerDuty as a key', section('alarms', { pagerDuty: 'abc123' }), 'alarms.pagerDuty', 'must be true'],
    ['slack as a string', section('alarms', { slack: '#alerts' }), 'alarms.slack', "{ channel: '#payments-alerts' }"],
    ['slack channel without #', section('alarms', { slack: { channel: 'alerts' } }), 'alarms.slack.channel', "Slack channel like '#payments-alerts'"],
    ['slo not an object', section('alarms', { slo: 99.9 }), 'alarms.slo', '{ availability: 0.999 }'],
    ['availability as a percentage', section('alarms', { slo: { availability: 99.9 } }), 'alarms.slo.availability', 'fraction between 0 and 1'],
    ['latency objective 1', section('alarms', { slo: { latency: 1 } }), 'alarms.slo.latency', 'fraction between 0 and 1'],
    ['latency threshold in ms', section('alarms', { slo: { latencyThresholdSeconds: 500 } }), 'alarms.slo.latencyThresholdSeconds', 'bucket boundary'],
    ['rate limit below WAF minimum', section('edge', { rateLimitPer5Minutes: 5 }), 'edge.rateLimitPer5Minutes', 'from 10 to 2000000000'],
    ['path without slash', section('edge', { pathRateLimits: [{ path: 'v1/payments', limit: 300 }] }), 'edge.pathRateLimits[0].path', "starting with '/'"],
    ['path limit above global', section('edge', { pathRateLimits: [{ path: '/v1/payments', limit: 5000 }] }), 'edge.pathRateLimits[0].limit', 'below the global rateLimitPer5Minutes (2000)'],
    ['lower-case country', section('edge', { geoAllowList: ['us'] }), 'edge.geoAllowList[0]', '2-letter upper-case ISO 3166'],
    ['empty geo list', section('edge', { geoAllowList: [] }), 'edge.geoAllowList', 'non-empty list'],
    ['duplicate country', section('edge', { geoAllowList: ['US', 'GB', 'US'] }), 'edge.geoAllowList[2]', 'listed twice'],
    // retention, recovery
    ['logs kept 90 days', section('retention', { logRetentionDays: 90 }), 'retention.logRetentionDays', 'PCI DSS 10.5.1'],
    ['log retention CloudWatch rejects', section('retention', { logRetentionDays: 500 }), 'retention.logRetentionDays', 'one of 365, 400, 545'],
    ['dumps expire after 0 days', section('retention', { dumpExpirationDays: 0 }), 'retention.dumpExpirationDays', 'postgres/ dumps'],
    ['old versions expire after 0 days', section('retention', { noncurrentVersionExpirationDays: 0 }), 'retention.noncurrentVersionExpirationDays', 'old object versions'],
    ['zero RPO', section('recovery', { rpoSeconds: 0 }), 'recovery.rpoSeconds', 'greater than 0'],
    ['negative RTO', section('recovery', { rtoMinutes: -5 }), 'recovery.rtoMinutes', 'integer from 1 to 1440'],
    ['fractional RTO (the plan takes whole minutes)', section('recovery', { rtoMinutes: 2.5 }), 'recovery.rtoMinutes', 'integer from 1 to 1440'],
    ['RTO over a day', section('recovery', { rtoMinutes: 1441 }), 'recovery.rtoMinutes', 'integer from 1 to 1440'],
    ['RTO as a string', section('recovery', { rtoMinutes: '5' }), 'recovery.rtoMinutes', "Region switch plan's recovery time objective"],
    ['approval timeout 0', section('recovery', { approvalTimeoutMinutes: 0 }), 'recovery.approvalTimeoutMinutes', 'integer from 1 to 1440'],
    ['approval not a boolean', section('recovery', { approval: 'yes' }), 'recovery.approval', 'must be true'],
    // derived names
    ['Region switch plan name over 32 characters', top({ name: 'verypay-platform-eu', environment: 'staging' }), 'name', "ARC Region switch plan name 'verypay-platform-eu-staging-apse1' of 33 characters (limit 32); shorten name or environment by 1"],
    ['IAM role name over 64 characters', top({ name: 'verypay-platform-eu', environment: 'production' }), 'name', 'shorten name or environment by 1 characters'],
  ])('%s', (_what, config, field, fix) => {
    const error = problemsOf(config);
    const matching = error.problems.filter((p) => p.field === field);
    expect(matching.map((p) => p.message).join(' | ')).toContain(fix);
    expect(error.message).toContain(`  - ${field}: `);
  });

  test('a non-object configuration is a named problem, not a TypeError', () => {
    expect(() => validatePlatformConfig(null as unknown as PlatformConfig)).toThrow(/\(config\): must be a PlatformConfig object.*\(got null\)/);
  });

  test('the error shows the offending value', () => {
    expect(() => validatePlatformConfig(region(1, { cidr: '10.0.128.0/17' }))).toThrow('regions[1].cidr: overlaps regions[0].cidr of us-east-1; give eu-west-1 a non-overlapping block, e.g. \'10.11.0.0/16\' (got "10.0.128.0/17")');
  });
});

describe('validatePlatformConfig accepts valid configurations', () => {
  test('the example configuration is valid', () => {
    expect(() => validatePlatformConfig(ex)).not.toThrow();
    expect(resolvePlatformConfig(ex).regions.map((r) => r.region)).toEqual(['us-east-1', 'eu-west-1', 'ap-southeast-1']);
  });

  test('edge cases that are allowed: 2 AZs, 1 NAT gateway, us-east-1f, windows across midnight, 172.16/20 CIDR', () => {
    const config = top({
      regions: [
        { region: 'us-east-1', role: 'primary', cidr: '172.16.0.0/20', availabilityZones: ['us-east-1a', 'us-east-1f'], natGateways: 1 },
        { region: 'eu-west-1', role: 'secondary', cidr: '192.168.0.0/16', availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] },
      ],
      cluster: { kubernetesVersion: '1.34', endpointPublicAccessCidrs: ['203.0.113.0/24'], adminRoleArn: 'arn:aws:iam::123456789012:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123', nodeGroups: { worker: { instanceType: 'm7i-flex.large', minSize: 0, maxSize: 4, diskSizeGiB: 20, labels: { 'example.com/pool': 'worker' } } } },
      database: { engineVersion: '16.6', preferredBackupWindow: '23:30-00:30', preferredMaintenanceWindow: 'sat:22:00-sat:22:30', readers: 0 },
      cache: { engine: 'redis', engineVersion: '7.1', nodes: 2, snapshotWindow: '23:00-00:00', maintenanceWindow: 'sun:01:00-sun:02:00' },
      images: { apiGateway: { tag: 'v1.2.3' }, paymentService: { tag: '2026.11.01_build-7' }, geth: { repository: 'public.ecr.aws/ethereum/client-go', tag: 'v1.16.7' } },
      edge: { rateLimitPer5Minutes: 10000, geoAllowList: ['US', 'GB'], pathRateLimits: [{ path: '/', limit: 10 }] },
      retention: { logRetentionDays: 3653, dumpExpirationDays: 1 },
    });
    expect(() => validatePlatformConfig(config)).not.toThrow();
  });

  test('blockchain false with the other node groups configured', () => {
    expect(() => validatePlatformConfig(top({ blockchain: false, cluster: { nodeGroups: { worker: VALID_GROUP } } }))).not.toThrow();
    expect(() => validatePlatformConfig(top({ blockchain: true, cluster: { nodeGroups: { blockchain: VALID_GROUP } } }))).not.toThrow();
  });
});

describe('PlatformConfigError', () => {
  test('reports every problem at once', () => {
    const error = problemsOf(top({
      name: 'Bad Name',
      regions: [{ ...ex.regions[0], cidr: '8.8.8.0/24' }, { ...ex.regions[1], role: 'primary' }],
      database: { engineVersion: '13.4' },
      retention: { logRetentionDays: 30 },
    }));
    expect(error.problems.map((p) => p.field)).toEqual(['name', 'regions[0].cidr', 'regions', 'database.engineVersion', 'retention.logRetentionDays']);
    expect(error.message).toMatch(/^Invalid platform configuration \(5 problems\):\n {2}- name: /);
  });

  test('carries no stack frames from aws-cdk-lib or anywhere else', () => {
    const error = problemsOf(top({ regions: undefined }));
    expect(error.name).toBe('PlatformConfigError');
    expect(error.stack).not.toContain('node_modules');
    expect(error.stack).not.toMatch(/\n\s+at /);
  });

  test('resolvePlatformConfig throws it before touching any field (missing sections are no TypeError)', () => {
    const broken = { name: 'verypay' } as unknown as PlatformConfig;
    const error = (() => {
      try {
        resolvePlatformConfig(broken);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(PlatformConfigError);
    expect((error as PlatformConfigError).problems.map((p) => p.field)).toEqual(['environment', 'account', 'regions', 'domain', 'images']);
  });
});
