import type { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { PaymentCache, type PaymentCacheProps } from '../../lib/data/cache';
import { PaymentDatabase, type PaymentDatabaseProps } from '../../lib/data/database';
import { testStack } from '../support/fixtures';

/** What the data-tier constructs need from the network and keys helpers, built locally. */
export interface DataTierEnv {
  readonly stack: Stack;
  readonly vpc: ec2.Vpc;
  readonly dataKey: kms.Key;
  readonly secretsKey: kms.Key;
  readonly logsKey: kms.Key;
  readonly isolated: ec2.SubnetSelection;
  readonly app: ec2.SubnetSelection;
}

/** A stack (explicit AZs from testStack) with a three-tier VPC and the three keys. */
export function dataTierEnv(stack: Stack = testStack()): DataTierEnv {
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 3,
    natGateways: 1,
    subnetConfiguration: [
      { name: 'public', subnetType: ec2.SubnetType.PUBLIC },
      { name: 'app', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  });
  const key = (id: string) => new kms.Key(stack, id, { enableKeyRotation: true });
  const logsKey = key('LogsKey');
  logsKey.grantEncryptDecrypt(new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`));
  return {
    stack, vpc, dataKey: key('DataKey'), secretsKey: key('SecretsKey'), logsKey,
    isolated: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    app: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
  };
}

/** A PaymentDatabase with the example's values; `overrides` replace any prop. */
export function database(env: DataTierEnv, overrides: Partial<PaymentDatabaseProps> = {}, id = 'Database'): PaymentDatabase {
  return new PaymentDatabase(env.stack, id, {
    vpc: env.vpc, subnets: env.isolated, rotationSubnets: env.app,
    key: env.dataKey, secretsKey: env.secretsKey, logsKey: env.logsKey,
    engineVersion: '17.9', instanceClass: 'db.r6g.2xlarge',
    clusterIdentifier: 'verypay-prod-use1', secretName: 'verypay/prod/us-east-1/database/master',
    ...overrides,
  });
}

/** A PaymentCache with the example's values; `overrides` replace any prop. */
export function cache(env: DataTierEnv, overrides: Partial<PaymentCacheProps> = {}, id = 'Cache'): PaymentCache {
  return new PaymentCache(env.stack, id, {
    vpc: env.vpc, subnets: env.isolated, key: env.dataKey, secretsKey: env.secretsKey, logsKey: env.logsKey,
    authTokenSecretName: 'verypay/prod/us-east-1/cache/auth-token',
    ...overrides,
  });
}
