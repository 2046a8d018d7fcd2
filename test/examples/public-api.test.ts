import * as fs from 'fs';
import * as path from 'path';
import * as charts from '../../charts';
import * as lib from '../../lib';

/**
 * The package's public surface: `cdk-payment-platform` (lib/index.ts) and
 * `cdk-payment-platform/charts` (charts/index.ts). Types are checked by `npm run check-api` and by
 * the consumption test, which compiles an app against the packed .d.ts files.
 */
const root = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  main: string; types: string; exports: Record<string, string | { types: string; default: string }>; files: string[]; bin: Record<string, string>;
};

describe('package entry points', () => {
  test('main, types and the exports map point at the compiled entry points', () => {
    expect(pkg.main).toBe('build/lib/index.js');
    expect(pkg.types).toBe('build/lib/index.d.ts');
    expect(pkg.exports['.']).toEqual({ types: './build/lib/index.d.ts', default: './build/lib/index.js' });
    expect(pkg.exports['./charts']).toEqual({ types: './build/charts/index.d.ts', default: './build/charts/index.js' });
    for (const entry of ['lib/index.ts', 'charts/index.ts']) expect(fs.existsSync(path.join(root, entry))).toBe(true);
  });

  test('the tarball whitelist ships the compiled code and the backup script the charts read at synth time', () => {
    expect(pkg.files).toEqual(expect.arrayContaining(['build/lib/**/*.js', 'build/lib/**/*.d.ts', 'build/charts/**/*.js', 'build/charts/**/*.d.ts', 'charts/scripts/pg-backup.sh']));
    // Only the failover runbook's scripts ship from scripts/ (also as the `payment-platform-failover` and
    // `payment-platform-region-switch` bins).
    expect(pkg.files.filter((f) => /^(bin|test|examples|scripts|docs)\b/.test(f))).toEqual(['scripts/failover.sh', 'scripts/region-switch.sh']);
    expect(pkg.bin).toMatchObject({ 'payment-platform-failover': 'scripts/failover.sh', 'payment-platform-region-switch': 'scripts/region-switch.sh' });
  });
});

describe('cdk-payment-platform', () => {
  test.each([
    'PaymentPlatform', 'RegionalStack', 'GlobalStack', 'PlatformStack', 'addComplianceChecks',
    'PaymentCluster', 'PaymentDatabase', 'PaymentCache', 'PlatformNetwork', 'PlatformKeys', 'ApiEdge', 'PlatformAlarms',
    'PlatformConfigError', 'resolvePlatformConfig', 'validatePlatformConfig',
    'clusterName', 'secretName', 'workloadRoleName', 'backupBucketName', 'platformNamespaces', 'regionShortCode',
    // The adapter from the configuration to the chart's props: the platform layer's, not the charts'.
    'workloadsPropsFromConfig',
  ])('exports %s', (name) => {
    expect(typeof (lib as Record<string, unknown>)[name]).toBe('function');
  });

  test.each(['externalSecretsStatements', 'decryptViaSecretsManager', 'statementsFrom', 'acknowledgeWildcardArns', 'addExternalDns', 'storageClassManifests'])(
    'keeps %s internal', (name) => {
      expect(name in lib).toBe(false);
    });

  test('PlatformConfigError is an Error naming the field', () => {
    expect(() => lib.resolvePlatformConfig({} as lib.PlatformConfig)).toThrow(lib.PlatformConfigError);
    expect(() => lib.resolvePlatformConfig({} as lib.PlatformConfig)).toThrow(/name/);
  });
});

describe('cdk-payment-platform/charts', () => {
  test('knows no platform configuration: the config → props adapter lives in the package root', () => {
    expect('workloadsPropsFromConfig' in charts).toBe(false);
    expect('resolvePlatformConfig' in charts).toBe(false);
  });

  test.each([
    'PaymentWorkloads', 'WorkloadService', 'ServiceCatalog', 'PlatformCronJob', 'PostgresBackup', 'GethNode',
    'PlatformNamespace', 'ApiIngress', 'workloadsChartId', 'deployTimePlaceholders',
  ])('exports %s', (name) => {
    expect(typeof (charts as Record<string, unknown>)[name]).toBe('function');
  });

  test.each(['toPorts', 'toPeer', 'assertCidr', 'applyRestrictedPatches', 'gethArgs', 'platformServiceSpecs', 'cpuMillis'])('keeps %s internal', (name) => {
    expect(name in charts).toBe(false);
  });
});
