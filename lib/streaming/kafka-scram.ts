import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as msk from 'aws-cdk-lib/aws-msk';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/** MSK only associates SCRAM secrets whose name starts with this. */
export const SCRAM_SECRET_PREFIX = 'AmazonMSK_';

/** Props of `KafkaScramSecret`. */
export interface KafkaScramSecretProps {
  /** Secret name; must start with `AmazonMSK_`. */
  readonly secretName: string;
  /** Customer-managed key (MSK rejects secrets encrypted with the AWS-managed key). */
  readonly secretsKey: kms.IKey;
  readonly clusterArn: string;
  /**
   * SASL/SCRAM user name.
   * @default 'platform'
   */
  readonly username?: string;
}

/**
 * The SASL/SCRAM credentials of a cluster: a generated password in Secrets Manager (name
 * `AmazonMSK_…`, customer-managed key) associated with the cluster by `AWS::MSK::BatchScramSecret`.
 * The user is authorised only by Kafka ACLs (the cluster sets `allow.everyone.if.no.acl.found=false`).
 */
export class KafkaScramSecret extends Construct {
  public readonly secret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: KafkaScramSecretProps) {
    super(scope, id);
    if (!props.secretName.startsWith(SCRAM_SECRET_PREFIX)) {
      throw new Error(`KafkaScramSecret: secretName '${props.secretName}' must start with '${SCRAM_SECRET_PREFIX}'; MSK associates no other secret.`);
    }
    this.secret = new secretsmanager.Secret(this, 'Resource', {
      secretName: props.secretName,
      description: 'SASL/SCRAM credentials of the Kafka cluster',
      encryptionKey: props.secretsKey,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ username: props.username ?? 'platform' }),
        generateStringKey: 'password',
        passwordLength: 32,
        excludePunctuation: true,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const reason = 'MSK has no Secrets Manager rotation function for SCRAM credentials; PCI DSS 8.3.9: docs/runbooks/secret-rotation.md puts a new ' +
      'password, MSK re-reads the associated secret, and clients pick it up through External Secrets.';
    for (const id of ['AwsSolutions-SMG4', 'NIST.800.53.R5-SecretsManagerRotationEnabled']) Validations.of(this.secret).acknowledge({ id, reason });
    new msk.CfnBatchScramSecret(this, 'Association', { clusterArn: props.clusterArn, secretArnList: [this.secret.secretArn] });
  }
}
