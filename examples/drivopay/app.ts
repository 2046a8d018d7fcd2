/**
 * DrivoPay-like platform: two regions in India and a ten-service catalog without blockchain. The
 * platform's own workload chart is switched off (`applyWorkloads: false`) and each cluster gets
 * `DrivoPayWorkloads` instead, with the region's certificate, web ACL and hostnames.
 *
 *   npx cdk synth --app "node --no-turbo-escape -r ts-node/register examples/drivopay/app.ts" -o cdk.out.examples/drivopay
 */
import { App, type AppProps } from 'aws-cdk-lib';
import { App as Cdk8sApp } from 'cdk8s';
import { workloadsChartId } from '../../charts';
import { addComplianceChecks, PaymentPlatform } from '../../lib';
import { drivoPayConfig } from './config';
import { DrivoPayWorkloads, drivoPayWorkloadsProps } from './workloads';

/** Builds the CDK app (tests pass their own props, e.g. an `outdir`). */
export function drivoPayApp(props: AppProps = {}): { app: App; platform: PaymentPlatform } {
  const app = new App(props);
  const platform = new PaymentPlatform(app, drivoPayConfig, { applyWorkloads: false });
  for (const stack of platform.regionalStacks) {
    const region = stack.regionConfig.region;
    const chart = new DrivoPayWorkloads(new Cdk8sApp(), workloadsChartId(platform.config, region), drivoPayWorkloadsProps(platform.config, region, {
      certificateArn: stack.edge.certificateArn,
      wafAclArn: stack.edge.webAclArn,
    }));
    stack.cluster.applyWorkloads(chart);
  }
  addComplianceChecks(app);
  return { app, platform };
}

if (require.main === module) {
  drivoPayApp().app.synth();
}
