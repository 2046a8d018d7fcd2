/** The floor of the synth benchmark: a CDK app with one empty stack, run with the same command line. */
import { App, Stack } from 'aws-cdk-lib';

const app = new App();
new Stack(app, 'Empty', { env: { account: '123456789012', region: 'us-east-1' } });
app.synth();
