#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { addComplianceChecks, selectedGates } from '../lib/compliance';
import { PaymentPlatform } from '../lib/stacks/payment-platform';
import { examplePlatformConfig } from './example-config';

// `cdk synth -c gates=…` selects the checks (default: the three cdk-nag packs and the CloudFormation
// validator; `all` adds the Control Tower controls, as CI runs it; `none` for a quick look).
// The first App only reads the command line's context; it is never synthesized.
const gates = selectedGates(new App({ autoSynth: false }));
// No construct-creation stack traces in the assembly metadata (they cost a stack capture per
// resource); `cdk synth --debug` records them again.
const app = new App({
  builtinCloudFormationValidation: gates.includes('cfn-validation'),
  stackTraces: false,
  context: { 'aws:cdk:disable-creation-stack-traces': true },
});
new PaymentPlatform(app, examplePlatformConfig);
addComplianceChecks(app, { gates });
app.synth();
