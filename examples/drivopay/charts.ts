/**
 * The DrivoPay workloads as reviewable YAML, one file per region (deploy-time values are
 * `REPLACED-AT-DEPLOY` placeholders): the same `PaymentWorkloads` charts the CDK app applies.
 *
 *   node --no-turbo-escape -r ts-node/register examples/drivopay/charts.ts dist/examples/drivopay
 */
import { App } from 'cdk8s';
import { PaymentWorkloads, workloadsChartId } from '../../charts';
import { workloadsPropsFromConfig } from '../../lib';
import { resolvePlatformConfig } from '../../lib/config';
import { drivoPayConfig, drivoPayWorkloads } from './config';

/** One `PaymentWorkloads` chart per region, with the ten-service catalog and no blockchain. */
export function drivoPayCharts(outdir = 'dist/examples/drivopay'): App {
  const config = resolvePlatformConfig(drivoPayConfig);
  const app = new App({ outdir });
  for (const { region } of config.regions) {
    new PaymentWorkloads(app, workloadsChartId(config, region), workloadsPropsFromConfig(config, region, drivoPayWorkloads(region)));
  }
  return app;
}

if (require.main === module) {
  drivoPayCharts(process.argv[2]).synth();
}
