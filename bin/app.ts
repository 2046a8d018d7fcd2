#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { addComplianceChecks, selectedGates } from '../lib/compliance';
import { PaymentPlatform } from '../lib/stacks/payment-platform';
import { examplePlatformConfig } from './example-config';

// `cdk synth -c gates=…` selects the checks (default: the three cdk-nag packs and the CloudFormation
// validator; `all` adds the Control Tower controls, as CI runs it; `none` for a quick look).
// The first App only reads the command line's context; it is never synthesized.
const gates = selectedGates(new App({ autoSynth: false }));
// No stack traces in the assembly metadata: neither of construct creation nor of annotations and
// acknowledgements (each costs a stack capture and lands in the metadata files);
// `cdk synth --debug` records them again.
const debug = ['1', 'on', 'true'].includes(process.env.CDK_DEBUG ?? '');
const app = new App({
  builtinCloudFormationValidation: gates.includes('cfn-validation'),
  stackTraces: false,
  context: { 'aws:cdk:disable-creation-stack-traces': true, 'aws:cdk:disable-stack-trace': !debug },
});
new PaymentPlatform(app, examplePlatformConfig);
addComplianceChecks(app, { gates });
app.synth();
