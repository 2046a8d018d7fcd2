/**
 * The VeryPay workloads as reviewable YAML: one file per region, built exactly as the regional
 * stacks build the chart they apply (`workloadsPropsFromConfig`), so the files are what gets
 * deployed except for the values only CDK knows (certificate, web ACL, cache endpoint), which are
 * placeholders marked `REPLACED-AT-DEPLOY`.
 *
 *   node --no-turbo-escape -r ts-node/register examples/verypay/charts.ts dist/examples/verypay
 */
import { App } from 'cdk8s';
import { PaymentWorkloads, workloadsChartId } from '../../charts';
import { workloadsPropsFromConfig } from '../../lib';
import { resolvePlatformConfig } from '../../lib/config';
import { veryPayConfig } from './config';

/** One `PaymentWorkloads` chart per region: namespaces, api-gateway, payment-service, geth + Lighthouse, backups, alerts. */
export function veryPayCharts(outdir = 'dist/examples/verypay'): App {
  const config = resolvePlatformConfig(veryPayConfig);
  const app = new App({ outdir });
  for (const { region } of config.regions) {
    new PaymentWorkloads(app, workloadsChartId(config, region), workloadsPropsFromConfig(config, region));
  }
  return app;
}

if (require.main === module) {
  veryPayCharts(process.argv[2]).synth();
}
