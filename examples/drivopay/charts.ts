/**
 * The DrivoPay workloads as reviewable YAML, one file per region (deploy-time values are
 * `REPLACED-AT-DEPLOY` placeholders).
 *
 *   node --no-turbo-escape -r ts-node/register examples/drivopay/charts.ts dist/examples/drivopay
 */
import { App } from 'cdk8s';
import { workloadsChartId } from '../../charts';
import { resolvePlatformConfig } from '../../lib/config';
import { drivoPayConfig } from './config';
import { DrivoPayWorkloads, drivoPayWorkloadsProps } from './workloads';

/** One `DrivoPayWorkloads` chart per region. */
export function drivoPayCharts(outdir = 'dist/examples/drivopay'): App {
  const config = resolvePlatformConfig(drivoPayConfig);
  const app = new App({ outdir });
  for (const { region } of config.regions) {
    new DrivoPayWorkloads(app, workloadsChartId(config, region), drivoPayWorkloadsProps(config, region));
  }
  return app;
}

if (require.main === module) {
  drivoPayCharts(process.argv[2]).synth();
}
