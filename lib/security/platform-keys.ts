import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { keyAlias, type KeyPurpose, type NamingConfig } from '../config/naming';
import { pascalCase } from '../pascal-case';

/** Every purpose a region has a customer-managed key for, in creation order. */
export const KEY_PURPOSES: readonly KeyPurpose[] = ['data', 'secrets', 'logs', 'cluster', 'backups'];

/** What each key protects (the key description). */
const KEY_DESCRIPTIONS: Record<KeyPurpose, string> = {
  data: 'Data at rest: PostgreSQL storage, Redis, ECR repositories',
  secrets: 'Secrets Manager secrets of the platform',
  logs: 'CloudWatch Logs log groups (VPC flow logs, database, cluster, WAF logs)',
  cluster: 'EKS Kubernetes secrets envelope encryption',
  backups: 'Backups bucket (PostgreSQL dumps) and its replicas',
};

/** The customer-managed keys of one region, by purpose. Other constructs take this interface. */
export interface IPlatformKeys {
  /** Databases, caches and container images. */
  readonly data: kms.IKey;
  /** Secrets Manager secrets. */
  readonly secrets: kms.IKey;
  /** CloudWatch Logs log groups; usable by the CloudWatch Logs service of this region. */
  readonly logs: kms.IKey;
  /** EKS secrets encryption. */
  readonly cluster: kms.IKey;
  /** The backups bucket. */
  readonly backups: kms.IKey;
  /** The key of a purpose. */
  key(purpose: KeyPurpose): kms.IKey;
}

/** Props of {@link PlatformKeys}. */
export interface PlatformKeysProps {
  /**
   * Platform name and environment; they name the aliases (`alias/<name>-<environment>-<purpose>`),
   * which are the same in every region. A `ResolvedPlatformConfig` fits. Changing them replaces the aliases
   * (not the keys).
   */
  readonly config: Pick<NamingConfig, 'name' | 'environment'>;
  /**
   * Days KMS waits before deleting a key scheduled for deletion (7–30).
   * @default 30
   */
  readonly pendingWindowDays?: number;
  /**
   * The purposes to create keys for. A region splits them over two stacks: the keys other regions
   * replicate into (secrets, backups) deploy first, in the region's base stack.
   * @default - every purpose in `KEY_PURPOSES`
   */
  readonly purposes?: readonly KeyPurpose[];
  /**
   * The IAM role (name, in this account) that alone may schedule a key's deletion or disable it:
   * every key policy denies `kms:ScheduleKeyDeletion` and `kms:DisableKey` to any other principal,
   * the account root and administrators included.
   * @default - no such deny: any principal the key policy and IAM allow may delete or disable the keys
   */
  readonly breakGlassRoleName?: string;
}

/**
 * One customer-managed KMS key per purpose (data, secrets, logs, cluster, backups), each with
 * yearly automatic rotation, a 30-day deletion window, an alias and `RemovalPolicy.RETAIN`
 * (PCI DSS 3.5/3.6: keys are managed, rotated and never silently destroyed).
 *
 * The logs key also trusts the CloudWatch Logs service of this region, but only for log groups
 * of this account (encryption-context condition), as CloudWatch Logs requires.
 */
export class PlatformKeys extends Construct implements IPlatformKeys {
  private readonly keys: Partial<Record<KeyPurpose, kms.Key>>;

  constructor(scope: Construct, id: string, props: PlatformKeysProps) {
    super(scope, id);
    const pendingWindowDays = props.pendingWindowDays ?? 30;
    if (!Number.isInteger(pendingWindowDays) || pendingWindowDays < 7 || pendingWindowDays > 30) {
      throw new Error(`PlatformKeys: pendingWindowDays is ${pendingWindowDays}; KMS accepts an integer from 7 to 30 days (use 30 so a mistaken deletion can be cancelled).`);
    }

    const purposes = props.purposes ?? KEY_PURPOSES;
    const unknown = purposes.filter((p) => !KEY_PURPOSES.includes(p));
    if (purposes.length === 0 || unknown.length > 0) {
      throw new Error(`PlatformKeys: purposes ${JSON.stringify(purposes)} is invalid; list one or more of ${KEY_PURPOSES.join(', ')}.`);
    }
    const keys: Partial<Record<KeyPurpose, kms.Key>> = {};
    for (const purpose of purposes) {
      keys[purpose] = new kms.Key(this, pascalCase(purpose), {
        alias: keyAlias(props.config, purpose),
        description: `${props.config.name} ${props.config.environment}: ${KEY_DESCRIPTIONS[purpose]}`,
        enableKeyRotation: true,
        pendingWindow: Duration.days(pendingWindowDays),
        removalPolicy: RemovalPolicy.RETAIN,
      });
    }
    this.keys = keys;
    for (const key of Object.values(keys)) limitGrantsToAwsServices(key);
    if (props.breakGlassRoleName !== undefined) {
      if (!/^[\w+=,.@-]{1,64}$/.test(props.breakGlassRoleName)) {
        throw new Error(`PlatformKeys: breakGlassRoleName '${props.breakGlassRoleName}' is not an IAM role name (1–64 letters, digits and +=,.@_-).`);
      }
      for (const key of Object.values(keys)) denyDestructionOutsideBreakGlass(key, props.breakGlassRoleName);
    }
    if (keys.logs) allowCloudWatchLogs(keys.logs);
  }

  public get data(): kms.IKey {
    return this.key('data');
  }

  public get secrets(): kms.IKey {
    return this.key('secrets');
  }

  public get logs(): kms.IKey {
    return this.key('logs');
  }

  public get cluster(): kms.IKey {
    return this.key('cluster');
  }

  public get backups(): kms.IKey {
    return this.key('backups');
  }

  public key(purpose: KeyPurpose): kms.IKey {
    const key = this.keys[purpose];
    if (!key) {
      throw new Error(`PlatformKeys ${this.node.path} has no '${purpose}' key (purposes: ${Object.keys(this.keys).join(', ')}); add it to purposes or use the keys construct that has it.`);
    }
    return key;
  }

}

/** CloudWatch Logs encrypts log groups with the caller's key; `key` allows it for this account's log groups of the stack's region only. */
export function allowCloudWatchLogs(key: kms.IKey): void {
  const stack = Stack.of(key);
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowCloudWatchLogsOfThisAccount',
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: {
      ArnLike: {
        'kms:EncryptionContext:aws:logs:arn': stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
      },
    },
  }));
}

/**
 * Denies `kms:CreateGrant` unless the grant is for an AWS resource or the caller is an AWS
 * service (Control Tower CT.KMS.PR.3): services that encrypt with the key (EBS, RDS, Secrets
 * Manager, EKS) still create their grants; a principal cannot hand the key to someone else.
 */
export function limitGrantsToAwsServices(key: kms.IKey): void {
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'DenyGrantsNotForAwsResources',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
  }));
}


/** The key operations that destroy or stop a key, reserved for the break-glass role. */
export const DESTRUCTIVE_KEY_ACTIONS = ['kms:ScheduleKeyDeletion', 'kms:DisableKey'] as const;

/**
 * Denies {@link DESTRUCTIVE_KEY_ACTIONS} to every principal but the named role of this account:
 * a stolen administrator session cannot destroy the keys (and with them every backup they
 * encrypt); docs/runbooks/break-glass.md says who assumes the role and when.
 */
export function denyDestructionOutsideBreakGlass(key: kms.IKey, breakGlassRoleName: string): void {
  const stack = Stack.of(key);
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'DenyKeyDestructionOutsideBreakGlass',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: [...DESTRUCTIVE_KEY_ACTIONS],
    resources: ['*'],
    conditions: { ArnNotEquals: { 'aws:PrincipalArn': `arn:${stack.partition}:iam::${stack.account}:role/${breakGlassRoleName}` } },
  }));
}
