#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { addComplianceChecks } from '../lib/compliance';
import { PaymentPlatform } from '../lib/stacks/payment-platform';
import { examplePlatformConfig } from './example-config';

const app = new App();
new PaymentPlatform(app, examplePlatformConfig);
// `cdk synth -c controlTower=true` (npm run synth:control-tower) adds the Control Tower controls.
addComplianceChecks(app, { controlTower: app.node.tryGetContext('controlTower') === 'true' });
app.synth();
