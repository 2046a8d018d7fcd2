import type { PlatformConfig } from '../lib/config/platform-config';

/**
 * The built-in example: a VeryPay-like platform from the seeds. us-east-1 serves traffic;
 * eu-west-1 and ap-southeast-1 stand by (VeryPay §2.1). Sizes, windows and node pools are the
 * seeds' values, filled in by the library's defaults. The account is a placeholder: synth is
 * offline and never calls AWS.
 */
export const examplePlatformConfig: PlatformConfig = {
  name: 'verypay',
  environment: 'prod',
  account: '123456789012',
  costCenter: 'payments-engineering',
  regions: [
    { region: 'us-east-1', role: 'primary', cidr: '10.0.0.0/16', availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] },
    { region: 'eu-west-1', role: 'secondary', cidr: '10.1.0.0/16', availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] },
    { region: 'ap-southeast-1', role: 'secondary', cidr: '10.2.0.0/16', availabilityZones: ['ap-southeast-1a', 'ap-southeast-1b', 'ap-southeast-1c'] },
  ],
  domain: { zoneName: 'verypay.example.com', apiLabel: 'api' },
  images: {
    apiGateway: { tag: 'v1.2.3' },
    paymentService: { tag: 'v1.2.3' },
  },
  cluster: {
    adminRoleArn: 'arn:aws:iam::123456789012:role/PlatformAdmin',
  },
  alarms: { email: 'payments-oncall@example.com' },
  edge: {
    rateLimitPer5Minutes: 2000,
    pathRateLimits: [{ path: '/v1/payments', limit: 300 }],
  },
};
