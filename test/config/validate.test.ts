import { examplePlatformConfig as ex } from '../../bin/example-config';
import { PlatformConfigError } from '../../lib/config/errors';
import type { PlatformConfig } from '../../lib/config/platform-config';
import { region, top, VALID_GROUP } from './config-patches';
import { resolvePlatformConfig } from '../../lib/config/resolve';
import { validatePlatformConfig } from '../../lib/config/resolve';

function problemsOf(config: PlatformConfig): PlatformConfigError {
  try {
    validatePlatformConfig(config);
  } catch (e) {
    if (e instanceof PlatformConfigError) return e;
    throw e;
  }
  throw new Error('expected a PlatformConfigError, but the configuration was accepted');
}


describe('validatePlatformConfig: the error (the invalid inputs are in invalid-inputs.test.ts)', () => {
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
      images: { apiGateway: { tag: 'v1.2.3' }, paymentService: { tag: '2026.11.01_build-7' }, geth: { repository: 'public.ecr.aws/ethereum/client-go', tag: 'v1.16.7', digest: `sha256:${'0'.repeat(64)}` } },
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
