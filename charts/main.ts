/**
 * The cdk8s app run by `npx cdk8s synth` (see cdk8s.yaml): one reviewable YAML file per region,
 * `dist/<name>-<environment>-<region>.k8s.yaml`, from the example configuration.
 *
 * Values only CDK knows (ACM certificate ARN, WAF web ACL ARN, cache endpoint) are written as
 * placeholders containing `REPLACED-AT-DEPLOY` (see `deployTimePlaceholders`). The cluster stack
 * builds the same chart with `workloadsPropsFromConfig(config, region, { certificateArn,
 * wafAclArn, cacheEndpoint })`, so the applied objects equal these files except for those values.
 */
import { App } from 'cdk8s';
import { examplePlatformConfig } from '../bin/example-config';
import { resolvePlatformConfig } from '../lib/config/resolve';
import { PaymentWorkloads } from './payment-workloads';
import { workloadsChartId, workloadsPropsFromConfig } from './workloads-props';

const config = resolvePlatformConfig(examplePlatformConfig);
const app = new App();
for (const { region } of config.regions) {
  new PaymentWorkloads(app, workloadsChartId(config, region), workloadsPropsFromConfig(config, region));
}
app.synth();
