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
import { PaymentWorkloads } from '../charts/payment-workloads';
import { workloadsChartId } from '../charts/deploy-time';
import { examplePlatformConfig } from './example-config';
import { resolvePlatformConfig } from '../lib/config/resolve';
import { workloadsPropsFromConfig } from '../lib/stacks/workloads-props';

const config = resolvePlatformConfig(examplePlatformConfig);
const app = new App();
for (const { region } of config.regions) {
  new PaymentWorkloads(app, workloadsChartId(config, region), workloadsPropsFromConfig(config, region));
}
app.synth();
