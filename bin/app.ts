#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { addComplianceChecks } from '../lib/compliance';
import { PaymentPlatform } from '../lib/stacks/payment-platform';
import { examplePlatformConfig } from './example-config';

const app = new App();
new PaymentPlatform(app, examplePlatformConfig);
addComplianceChecks(app);
app.synth();
