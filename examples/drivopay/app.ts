/**
 * DrivoPay-like platform: two regions in India and a ten-service catalog without blockchain. The
 * configuration turns the blockchain off, and each cluster applies the library's `PaymentWorkloads`
 * chart with the catalog in place of the built-in services (`drivoPayWorkloads`).
 *
 *   npx cdk synth --app "node --no-turbo-escape -r ts-node/register examples/drivopay/app.ts" -o cdk.out.examples/drivopay
 */
import { App, type AppProps } from 'aws-cdk-lib';
import { addComplianceChecks, PaymentPlatform } from '../../lib';
import { drivoPayConfig, drivoPayWorkloads } from './config';

/** Builds the CDK app (tests pass their own props, e.g. an `outdir`). */
export function drivoPayApp(props: AppProps = {}): { app: App; platform: PaymentPlatform } {
  const app = new App(props);
  const platform = new PaymentPlatform(app, drivoPayConfig, { workloads: ({ region }) => drivoPayWorkloads(region) });
  addComplianceChecks(app);
  return { app, platform };
}

if (require.main === module) {
  drivoPayApp().app.synth();
}
