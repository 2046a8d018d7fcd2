import type { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { PlatformConfig, ResolvedPlatformConfig } from '../../lib/config/platform-config';
import { PaymentCluster, type PaymentClusterProps } from '../../lib/cluster/payment-cluster';
import { exampleConfig, testApp, testStack } from '../support/fixtures';

/** The date the tests pretend it is: November 2026 (1.35 standard, 1.32/1.33 extended, 1.31 last days). */
export const TODAY = new Date(Date.UTC(2026, 10, 15));

export interface ClusterFixture {
  readonly app: App;
  readonly stack: Stack;
  readonly config: ResolvedPlatformConfig;
  readonly vpc: ec2.Vpc;
  readonly keys: Record<'cluster' | 'logs' | 'secrets' | 'backups', kms.Key>;
  readonly bucket: s3.Bucket;
  readonly cluster: PaymentCluster;
}

/** A stack with its own VPC and keys (no other team's constructs) and a PaymentCluster. */
export function clusterFixture(
  overrides: Partial<PlatformConfig> = {},
  props: Partial<PaymentClusterProps> = {},
  mutate: (c: ResolvedPlatformConfig) => ResolvedPlatformConfig = (c) => c,
  /** Props built from constructs of the stack (e.g. an alarm topic). */
  withStack: (stack: Stack) => Partial<PaymentClusterProps> = () => ({}),
): ClusterFixture {
  const app = testApp();
  const stack = testStack(app);
  const config = mutate(exampleConfig(overrides));
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 3, natGateways: 1 });
  const key = (id: string): kms.Key => new kms.Key(stack, id, { enableKeyRotation: true });
  const keys = { cluster: key('ClusterKey'), logs: key('LogsKey'), secrets: key('SecretsKey'), backups: key('BackupsKey') };
  const bucket = new s3.Bucket(stack, 'Backups', { encryptionKey: keys.backups });
  const cluster = new PaymentCluster(stack, 'Cluster', {
    config, region: 'us-east-1', vpc, clusterKey: keys.cluster, logsKey: keys.logs, secretsKey: keys.secrets, today: TODAY, hostedZoneId: 'Z0123456789ABC', ...withStack(stack), ...props,
  });
  return { app, stack, config, vpc, keys, bucket, cluster };
}
