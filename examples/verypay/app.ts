/**
 * VeryPay-like multi-region platform with geth: the global stack and three regional stacks, each
 * cluster running the built-in workloads (api-gateway, payment-service, geth + Lighthouse, the
 * nightly PostgreSQL dump), with cdk-nag AwsSolutions and PCI DSS 3.2.1 checked on every synth.
 *
 *   npx cdk synth --app "node --no-turbo-escape -r ts-node/register examples/verypay/app.ts" -o cdk.out.examples/verypay
 */
import { App, type AppProps } from 'aws-cdk-lib';
import { addComplianceChecks, PaymentPlatform } from '../../lib';
import { veryPayConfig } from './config';

/** Builds the CDK app (tests pass their own props, e.g. an `outdir`). */
export function veryPayApp(props: AppProps = {}): { app: App; platform: PaymentPlatform } {
  const app = new App(props);
  const platform = new PaymentPlatform(app, veryPayConfig);
  addComplianceChecks(app);
  return { app, platform };
}

if (require.main === module) {
  veryPayApp().app.synth();
}
