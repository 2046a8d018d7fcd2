/**
 * The built-in example configuration `npm run synth` and `cdk8s synth` use: the VeryPay-like
 * platform from the seeds (us-east-1 primary, eu-west-1 and ap-southeast-1 standing by), kept in
 * one place, `examples/verypay/config.ts`.
 */
export { veryPayConfig as examplePlatformConfig } from '../examples/verypay/config';
