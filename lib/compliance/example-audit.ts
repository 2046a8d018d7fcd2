import { App } from 'aws-cdk-lib';
import type { PlatformConfig } from '../config/platform-config';
import { PaymentPlatform } from '../stacks/payment-platform';
import { auditCompliance, type ComplianceAudit } from './audit';

/**
 * Builds and synthesizes a platform (with the CloudFormation validator on) and audits it.
 * @param context the app's context (the project's cdk.json feature flags)
 */
export function auditPlatform(config: PlatformConfig, context: Record<string, unknown>, today?: Date): ComplianceAudit {
  // `today` is the context key the support-window guards read (TODAY_CONTEXT_KEY).
  const app = new App({ context: today ? { ...context, today: today.toISOString().slice(0, 10) } : context });
  new PaymentPlatform(app, config);
  const assembly = app.synth();
  return auditCompliance(app, assembly.directory);
}
