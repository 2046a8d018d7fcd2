#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, PCIDSS321Checks } from 'cdk-nag';
import { regionalStackName } from '../lib/config/naming';
import { resolvePlatformConfig } from '../lib/config/resolve';
import { RegionalStack } from '../lib/stacks/regional-stack';
import { examplePlatformConfig } from './example-config';

const app = new App();
const config = resolvePlatformConfig(examplePlatformConfig);
for (const region of config.regions) {
  new RegionalStack(app, regionalStackName(region.region), { config, region });
}
Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new PCIDSS321Checks(app));
app.synth();
