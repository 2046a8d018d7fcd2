import { App, Stack } from 'aws-cdk-lib';
import { examplePlatformConfig } from '../../bin/example-config';
import type { PlatformConfig, ResolvedPlatformConfig } from '../../lib/config/platform-config';
import { resolvePlatformConfig } from '../../lib/config/resolve';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const cdkJson = require('../../cdk.json') as { context: Record<string, unknown> };

/** The example configuration (resolved), optionally with top-level fields overridden. */
export function exampleConfig(overrides: Partial<PlatformConfig> = {}): ResolvedPlatformConfig {
  return resolvePlatformConfig({ ...examplePlatformConfig, ...overrides });
}

/**
 * An App with the project's feature flags (cdk.json) and the built-in CloudFormation validator
 * off: tests assert on templates; one dedicated test runs the validator over the whole app.
 */
export function testApp(): App {
  return new App({ context: { ...cdkJson.context }, builtinCloudFormationValidation: false });
}

/** A stack in the example's primary region with explicit AZs (no context lookups). */
export function testStack(app: App = testApp(), id = 'Test', region = 'us-east-1'): Stack {
  const cfg = exampleConfig();
  const azs = cfg.regions.find((r) => r.region === region)?.availabilityZones ?? [`${region}a`, `${region}b`, `${region}c`];
  return new (class extends Stack {
    get availabilityZones(): string[] {
      return azs;
    }
  })(app, id, { env: { account: cfg.account, region } });
}

/** `app` with the `today` context key (`-c today=YYYY-MM-DD`) set to `date`, for reproducible support-window checks. */
export function withToday<T extends App>(app: T, date: Date): T {
  app.node.setContext('today', date.toISOString().slice(0, 10));
  return app;
}
