import type { PlatformConfig } from '../../lib';

/**
 * A VeryPay-like platform (seed 000): us-east-1 serves traffic, eu-west-1 and ap-southeast-1
 * stand by. The seed's node pools (system, api, worker, blockchain), its database and cache sizes
 * and its rate limits are the library's defaults, so only what differs from them is written here.
 * The account is a placeholder: synth is offline and never calls AWS.
 */
export const veryPayConfig: PlatformConfig = {
  name: 'verypay',
  environment: 'prod',
  account: '123456789012',
  costCenter: 'payments-engineering',
  regions: [
    { region: 'us-east-1', role: 'primary', cidr: '10.0.0.0/16', availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] },
    { region: 'eu-west-1', role: 'secondary', cidr: '10.1.0.0/16', availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] },
    { region: 'ap-southeast-1', role: 'secondary', cidr: '10.2.0.0/16', availabilityZones: ['ap-southeast-1a', 'ap-southeast-1b', 'ap-southeast-1c'] },
  ],
  domain: { zoneName: 'verypay.example.com' },
  // Production Region switch executions wait for an approver (recovery.approval), so a switch is
  // expected to take 330 s (approval 60 + database 120 + DNS 150): a 6-minute objective is one the
  // plans can meet; the 5-minute default would be missed on every approved execution.
  recovery: { rtoMinutes: 6 },
  images: {
    apiGateway: { tag: 'v1.2.3' },
    paymentService: { tag: 'v1.2.3' },
    // geth and Lighthouse stay at the library's pinned releases (ethereum/client-go, sigp/lighthouse).
  },
  cluster: { adminRoleArn: 'arn:aws:iam::123456789012:role/PlatformAdmin' },
  alarms: { email: 'payments-oncall@example.com' },
  edge: {
    rateLimitPer5Minutes: 2000,
    pathRateLimits: [{ path: '/v1/payments', limit: 300 }],
  },
  // GlobalPay's event stream with the seed's sizes: six brokers (two per zone), 1,000 GiB each,
  // 250 MiB/s provisioned throughput; payment-service publishes to `payment-events`.
  streaming: {},
  // VeryPay's GitHub Actions: each service repository pushes its own image; the platform repository
  // deploys, only from jobs of its protected `production` environment.
  delivery: {
    githubOwner: 'verypay',
    imageRepositories: [
      { repository: 'api-gateway', pushTo: ['api-gateway'] },
      { repository: 'payment-service', pushTo: ['payment-service'] },
    ],
    deployRepository: { repository: 'payments-platform', environments: ['production'] },
  },
  // VeryPay's account runs its own baseline (CloudTrail, GuardDuty with EKS protection, Security
  // Hub, AWS Config, Access Analyzer, AWS Backup); an organization that provides them centrally
  // sets mode: 'organization'.
  securityBaseline: { mode: 'account' },
};
