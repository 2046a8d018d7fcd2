import { App } from 'aws-cdk-lib';
import type { PlatformConfig } from '../config/platform-config';
import { PaymentPlatform } from '../stacks/payment-platform';
import { auditCompliance, type ComplianceAudit } from './audit';

/**
 * Builds and synthesizes a platform (with the CloudFormation validator on) and audits it.
 * @param context the app's context (the project's cdk.json feature flags)
 */
export function auditPlatform(config: PlatformConfig, context: Record<string, unknown>, today?: Date): ComplianceAudit {
  const app = new App({ context });
  new PaymentPlatform(app, config, { today });
  const assembly = app.synth();
  return auditCompliance(app, assembly.directory);
}
