import * as path from 'path';
import { checkApi } from '../../scripts/check-api';

describe('public API hygiene', () => {
  const report = checkApi(path.resolve(__dirname, '../..'));

  test('both entry points export a deliberate surface: the platform and its constructs, not their helpers', () => {
    expect(report.exports['lib/index.ts']).toEqual(expect.arrayContaining(['PaymentPlatform', 'RegionalStack', 'PaymentCluster', 'resolvePlatformConfig']));
    expect(report.exports['charts/index.ts']).toEqual(expect.arrayContaining(['PaymentWorkloads', 'WorkloadService', 'PlatformCronJob']));
    expect(report.exports['charts/index.ts']).not.toContain('toPorts');
  });

  test('every exported prop is readonly and documented with @default when optional; no any', () => {
    expect(report.findings).toEqual([]);
  });
});
