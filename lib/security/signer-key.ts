import { ArnFormat, Aws, CfnDeletionPolicy, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { signerKeyAlias, type NamingConfig } from '../config/naming';
import { acknowledgeWildcardArns } from './acknowledge';
import { DESTRUCTIVE_KEY_ACTIONS } from './platform-keys';

/**
 * What the account may do with the signer key through IAM: administer it, never use it. No
 * `kms:CreateGrant` (a grant could hand out `kms:Sign`), no `kms:GetPublicKey`, no `kms:Sign`.
 */
export const SIGNER_KEY_ADMIN_ACTIONS: readonly string[] = [
  'kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:PutKeyPolicy', 'kms:ListKeyPolicies', 'kms:ListResourceTags', 'kms:ListGrants',
  'kms:RevokeGrant', 'kms:TagResource', 'kms:UntagResource', 'kms:EnableKey', 'kms:DisableKey', 'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion', 'kms:UpdateKeyDescription', 'kms:CreateAlias', 'kms:DeleteAlias', 'kms:UpdateAlias',
  'kms:ReplicateKey', 'kms:UpdatePrimaryRegion',
];

/** What payment-service does with the key: sign transaction digests, read the public key (its address). */
export const SIGNER_ACTIONS: readonly string[] = ['kms:Sign', 'kms:GetPublicKey'];

/** Props of {@link BlockchainSignerKey}. */
export interface BlockchainSignerKeyProps {
  /** Platform name, environment and account: the alias (`signerKeyAlias`) and the key policy's account. */
  readonly config: NamingConfig;
  /** Name of the only role that may sign (payment-service's role in this region; it need not exist yet). */
  readonly signerRoleName: string;
  /**
   * The region of the multi-Region primary key, when this region holds a replica (a failover
   * region). The replica looks the primary up by its alias once, at deploy time, so the primary
   * region must be deployed first.
   * @default - this region holds the primary key
   */
  readonly primaryRegion?: string;
  /**
   * The IAM role (name, in this account) that alone may schedule the key's deletion or disable it,
   * as for the platform's other keys (`PlatformKeysProps.breakGlassRoleName`).
   * @default - no such deny
   */
  readonly breakGlassRoleName?: string;
  /**
   * Days KMS waits before deleting the key once deletion is scheduled (7–30).
   * @default 30
   */
  readonly pendingWindowDays?: number;
  /**
   * Key of the lookup's log group (replicas only).
   * @default - required for a replica
   */
  readonly logsKey?: kms.IKey;
}

/**
 * The payment signer's key: an asymmetric `ECC_SECG_P256K1` `SIGN_VERIFY` KMS key, the curve
 * Ethereum signs with, so the private key never leaves KMS. It is a multi-Region key: the primary
 * region creates it, each failover region holds a replica with the same key material, hence the
 * same Ethereum address after a failover (a region-local key would be another, unfunded account).
 *
 * The key policy lets the account administer the key (the IAM-delegating root statement is limited
 * to `SIGNER_KEY_ADMIN_ACTIONS`), lets only the signer role `kms:Sign` (ECDSA_SHA_256 over a
 * 32-byte digest, `MessageType: DIGEST`) and `kms:GetPublicKey`, and denies both to every other
 * principal, so neither an administrator's IAM policy nor a grant can sign. Retained on stack
 * deletion, 30-day deletion window; asymmetric keys have no automatic rotation (a new key is a new
 * on-chain account, funded and allow-listed first).
 */
export class BlockchainSignerKey extends Construct {
  /** The key id (`mrk-…`, the same in every region). */
  public readonly keyId: string;
  /** The key ARN in this region. */
  public readonly keyArn: string;
  /** `alias/<name>-<environment>-blockchain-signer`, the same in every region. */
  public readonly aliasName: string;
  /** The key (`AWS::KMS::Key` in the primary region, `AWS::KMS::ReplicaKey` in the others). */
  public readonly resource: kms.CfnKey | kms.CfnReplicaKey;

  constructor(scope: Construct, id: string, props: BlockchainSignerKeyProps) {
    super(scope, id);
    const pendingWindowDays = props.pendingWindowDays ?? 30;
    if (!Number.isInteger(pendingWindowDays) || pendingWindowDays < 7 || pendingWindowDays > 30) {
      throw new Error(`BlockchainSignerKey: pendingWindowDays is ${pendingWindowDays}; KMS accepts an integer from 7 to 30 days (use 30 so a mistaken deletion can be cancelled).`);
    }
    const stack = Stack.of(this);
    this.aliasName = signerKeyAlias(props.config);
    const role = (name: string) => `arn:${stack.partition}:iam::${props.config.account}:role/${name}`;
    const keyPolicy = signerKeyPolicy(props.config.account, role(props.signerRoleName), props.breakGlassRoleName && role(props.breakGlassRoleName));
    const description = `${props.config.name} ${props.config.environment}: blockchain signer (secp256k1); only ${props.signerRoleName} may sign`;

    if (props.primaryRegion === undefined || props.primaryRegion === stack.region) {
      const key = new kms.CfnKey(this, 'Resource', {
        description,
        keySpec: 'ECC_SECG_P256K1',
        keyUsage: 'SIGN_VERIFY',
        multiRegion: true,
        enableKeyRotation: false,
        pendingWindowInDays: pendingWindowDays,
        keyPolicy,
      });
      this.resource = key;
      this.keyId = key.attrKeyId;
      this.keyArn = key.attrArn;
    } else {
      if (!props.logsKey) throw new Error(`BlockchainSignerKey: primaryRegion is '${props.primaryRegion}', so this is a replica, but logsKey is not set; pass the region's logs key for the lookup's log group.`);
      const replica = new kms.CfnReplicaKey(this, 'Resource', {
        description,
        primaryKeyArn: primaryKeyLookup(this, props.config, props.primaryRegion, this.aliasName, props.logsKey),
        pendingWindowInDays: pendingWindowDays,
        keyPolicy,
      });
      this.resource = replica;
      this.keyId = replica.attrKeyId;
      this.keyArn = replica.attrArn;
    }
    this.resource.cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN;
    this.resource.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.RETAIN;
    new kms.CfnAlias(this, 'Alias', { aliasName: this.aliasName, targetKeyId: this.keyId });
  }

  /**
   * The identity side for the signer role: a customer-managed policy (no inline policies, PCI DSS
   * 7.2) allowing `kms:Sign` and `kms:GetPublicKey` on this key only; the key policy admits no one else.
   */
  public grantSign(role: iam.IRole): iam.ManagedPolicy {
    return new iam.ManagedPolicy(this, 'SignerPolicy', {
      description: 'Sign blockchain transactions with the signer key (kms:Sign, kms:GetPublicKey on that key only)',
      roles: [role],
      statements: [new iam.PolicyStatement({ actions: [...SIGNER_ACTIONS], resources: [this.keyArn] })],
    });
  }
}

/** The signer key's policy: administration by the account (destruction by `breakGlassRoleArn` only, when given), use by `signerRoleArn` only. */
export function signerKeyPolicy(account: string, signerRoleArn: string, breakGlassRoleArn?: string): Record<string, unknown> {
  const root = { AWS: `arn:${Aws.PARTITION}:iam::${account}:root` };
  const onlySigner = { ArnEquals: { 'aws:PrincipalArn': signerRoleArn } };
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'KeyAdministrationByTheAccount', Effect: 'Allow', Principal: root, Action: [...SIGNER_KEY_ADMIN_ACTIONS], Resource: '*' },
      {
        Sid: 'SignTransactionDigestsAsPaymentService', Effect: 'Allow', Principal: root, Action: 'kms:Sign', Resource: '*',
        Condition: { ...onlySigner, StringEquals: { 'kms:SigningAlgorithm': 'ECDSA_SHA_256', 'kms:MessageType': 'DIGEST' } },
      },
      { Sid: 'ReadThePublicKeyAsPaymentService', Effect: 'Allow', Principal: root, Action: 'kms:GetPublicKey', Resource: '*', Condition: onlySigner },
      {
        Sid: 'DenySigningToEveryoneElse', Effect: 'Deny', Principal: { AWS: '*' }, Action: [...SIGNER_ACTIONS], Resource: '*',
        Condition: { ArnNotEquals: { 'aws:PrincipalArn': signerRoleArn } },
      },
      ...(breakGlassRoleArn ? [{
        Sid: 'DenyKeyDestructionOutsideBreakGlass', Effect: 'Deny', Principal: { AWS: '*' }, Action: [...DESTRUCTIVE_KEY_ACTIONS], Resource: '*',
        Condition: { ArnNotEquals: { 'aws:PrincipalArn': breakGlassRoleArn } },
      }] : []),
    ],
  };
}

/**
 * The primary key's ARN, read once at deploy time from the primary region by its alias (an
 * aws-cdk-lib AwsCustomResource allowed only `kms:DescribeKey` through that alias).
 */
function primaryKeyLookup(scope: Construct, config: NamingConfig, primaryRegion: string, aliasName: string, logsKey: kms.IKey): string {
  const stack = Stack.of(scope);
  const call: cr.AwsSdkCall = {
    service: 'KMS',
    action: 'describeKey',
    region: primaryRegion,
    parameters: { KeyId: `arn:${stack.partition}:kms:${primaryRegion}:${config.account}:${aliasName}` },
    physicalResourceId: cr.PhysicalResourceId.of(`${aliasName}-primary`),
    outputPaths: ['KeyMetadata.Arn'],
  };
  const keys = stack.formatArn({ service: 'kms', region: primaryRegion, account: config.account, resource: 'key', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
  const lookup = new cr.AwsCustomResource(scope, 'PrimaryLookup', {
    onCreate: call,
    onUpdate: call,
    policy: cr.AwsCustomResourcePolicy.fromStatements([new iam.PolicyStatement({
      actions: ['kms:DescribeKey'], resources: [keys], conditions: { StringEquals: { 'kms:RequestAlias': aliasName } },
    })]),
    installLatestAwsSdk: false,
    logGroup: new logs.LogGroup(scope, 'PrimaryLookupLogs', { encryptionKey: logsKey, retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN }),
  });
  acknowledgeProvider(stack);
  const policy = lookup.node.findChild('CustomResourcePolicy');
  for (const id of ['PCI.DSS.321-IAMNoInlinePolicy', 'NIST.800.53.R5-IAMNoInlinePolicy']) {
    Validations.of(policy).acknowledge({
      id, reason: 'The AwsCustomResource policy of aws-cdk-lib for the signer key lookup: only kms:DescribeKey through the signer alias in the primary region (PCI DSS 7.2.1).',
    });
  }
  acknowledgeWildcardArns(policy, [keys],
    `PCI DSS 7.2.1: the primary key's id is what the lookup reads, so the ARN ends in key/*; the condition kms:RequestAlias = ${aliasName} limits it to the signer key, and DescribeKey reads metadata only.`);
  return lookup.getResponseField('KeyMetadata.Arn');
}

/**
 * The findings of aws-cdk-lib's AwsCustomResource provider function (one per stack), those no
 * other lookup of the stack has acknowledged already (`KafkaBrokerEndpoints` puts it in the VPC).
 */
function acknowledgeProvider(stack: Stack): void {
  const provider = stack.node.tryFindChild(`AWS${cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`);
  const fn = provider?.node.tryFindChild('Resource') as lambda.CfnFunction | undefined;
  const role = provider?.node.tryFindChild('ServiceRole');
  if (!fn || !role) return;
  const reason = 'aws-cdk-lib AwsCustomResource provider that reads the signer key ARN of the primary region at deploy time: CloudFormation ' +
    'invokes it only during deployments; for the signer it calls only KMS DescribeKey through the signer alias (metadata, no key use), ' +
    'logs encrypted and kept a year (PCI DSS 7.2.1, 10.5.1).';
  const onFunction = [
    { id: 'NIST.800.53.R5-LambdaDLQ', reason: `${reason} A failed invocation fails and rolls back the CloudFormation deployment, which records it in the stack events.` },
    { id: 'NIST.800.53.R5-LambdaConcurrency', reason: `${reason} It runs only while CloudFormation deploys this stack.` },
    ...(fn.vpcConfig !== undefined ? [] : ['PCI.DSS.321-LambdaInsideVPC', 'NIST.800.53.R5-LambdaInsideVPC'].map((id) => ({ id, reason }))),
  ];
  const onRole = [{ id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', reason }];
  for (const [target, acks] of [[fn, onFunction], [role, onRole]] as const) {
    const done = new Set(target.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && m.data)
      .flatMap((m) => Object.keys(m.data as Record<string, string>).map((id) => id.replace(/^annotation::/i, ''))));
    const missing = acks.filter((a) => !done.has(a.id));
    if (missing.length > 0) Validations.of(target).acknowledge(...missing);
  }
}
