import { ArnFormat, RemovalPolicy, SecretValue, Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { platformNamespaces, secretName, SHARED_SECRET_PURPOSES, type NamingConfig, type SecretPurpose } from '../config/naming';

/** The application secrets this construct owns (the database and cache secrets belong to those constructs). */
export type AppSecretPurpose = Extract<SecretPurpose, 'app/jwt-signing-key' | 'app/webhook-secret' | 'blockchain/provider-url' | 'blockchain/signer-key'>;

/** Every purpose {@link AppSecrets} creates with the blockchain on, in creation order. */
export const APP_SECRET_PURPOSES: readonly AppSecretPurpose[] = ['app/jwt-signing-key', 'app/webhook-secret', 'blockchain/provider-url', 'blockchain/signer-key'];

/** What other constructs need from the application secrets. */
export interface IAppSecrets {
  /** The purposes created, in creation order (without `blockchain/*` when the blockchain is off). */
  readonly purposes: readonly AppSecretPurpose[];
  /** Secrets by purpose; the `blockchain/*` secrets exist only with the blockchain on. */
  readonly secrets: Readonly<Record<'app/jwt-signing-key' | 'app/webhook-secret', secretsmanager.ISecret>>
    & Readonly<Partial<Record<'blockchain/provider-url' | 'blockchain/signer-key', secretsmanager.ISecret>>>;
  /** Lets the grantee read these secrets (all created, or the listed purposes). */
  grantRead(grantee: iam.IGrantable, purposes?: readonly AppSecretPurpose[]): iam.Grant;
}

/** Props of {@link AppSecrets}. */
export interface AppSecretsProps {
  /** Platform name, environment and account; with the region they name the secrets. A `ResolvedPlatformConfig` fits. */
  readonly config: NamingConfig;
  /** The region of the secrets (part of their names). Changing it replaces the secrets. */
  readonly region: string;
  /** The key that encrypts the secrets (the platform's `secrets` key). */
  readonly key: IKey;
  /**
   * Initial value of `blockchain/provider-url`. It is not sensitive as long as it names the
   * in-cluster node; a hosted provider URL that embeds an API key must be put in with
   * `aws secretsmanager put-secret-value` instead of being passed here (it would land in the template).
   * @default - the in-cluster geth JSON-RPC endpoint, `http://geth.<name>-blockchain.svc.cluster.local:8545`
   */
  readonly blockchainProviderUrl?: string;
  /**
   * Create the `blockchain/*` secrets (the platform runs the blockchain; `config.blockchain`).
   * @default true
   */
  readonly blockchain?: boolean;
  /**
   * Create `blockchain/signer-key`, a private key in a secret: only for the opt-in private-key
   * signer (`config.blockchainSigner: 'private-key'`). By default payment-service signs with a
   * KMS key (`BlockchainSignerKey`) and no private key exists outside KMS.
   * @default false
   */
  readonly signerPrivateKey?: boolean;
  /**
   * Regions the shared secrets (JWT signing key, webhook secret, signer key:
   * `SHARED_SECRET_PURPOSES`) are replicated into, each with that region's secrets key. Set in the
   * primary region of a multi-region platform. Adding a region adds a replica (no replacement).
   * @default - no replicas
   */
  readonly replicaRegions?: secretsmanager.ReplicaRegion[];
  /**
   * The region that owns the shared secrets, when it is not this one: this region then creates no
   * JWT signing key, webhook secret or signer key of its own and reads its replicas of that
   * region's (same names, encrypted with this region's `key`). Set in the secondary regions of a
   * multi-region platform; the owner must list this region in its `replicaRegions`.
   * @default - `region`: this region owns (creates) them
   */
  readonly sharedSecretsRegion?: string;
}

/** Lowercase hex alphabet through Secrets Manager's generator: digits and a–f only. */
const NON_HEX_LOWERCASE = 'ghijklmnopqrstuvwxyz';

/**
 * The application secrets of a region, with deterministic names
 * (`<name>/<environment>/<region>/<purpose>`) so the workloads' ExternalSecrets find them,
 * each encrypted with the secrets key and retained on stack deletion:
 * - `app/jwt-signing-key`, `app/webhook-secret`: generated, 64 alphanumeric characters;
 * - `blockchain/provider-url`: the in-cluster geth URL (a plain string);
 * - `blockchain/signer-key`: generated, 64 lowercase hex characters (a valid secp256k1 key with
 *   overwhelming probability); the operator replaces it with the funded signer key:
 *   `aws secretsmanager put-secret-value --secret-id <name> --secret-string <hex>`.
 *
 * Secrets that must agree across regions (`SHARED_SECRET_PURPOSES`: JWT signing key, webhook
 * secret, signer key) are created once, in the primary region, and replicated into every other
 * region with that region's secrets key (`replicaRegions`); the other regions read their replica
 * (`sharedSecretsRegion`), so a token issued, a webhook signed or a payout sent before a failover
 * verifies the same afterwards. A new value put into the primary's secret is copied to every
 * replica by Secrets Manager, so rotation stays one operation. `blockchain/provider-url` names the
 * region's own node and stays per region. With `blockchain: false` only the two `app/*` secrets exist.
 */
export class AppSecrets extends Construct implements IAppSecrets {
  public readonly purposes: readonly AppSecretPurpose[];
  public readonly secrets: IAppSecrets['secrets'];
  private readonly encryptionKey: IKey;

  constructor(scope: Construct, id: string, props: AppSecretsProps) {
    super(scope, id);
    const blockchain = props.blockchain ?? true;
    if (!blockchain && props.blockchainProviderUrl !== undefined) {
      throw new Error(`AppSecrets: blockchainProviderUrl is '${props.blockchainProviderUrl}' but blockchain is false, so no blockchain/provider-url secret is created; remove blockchainProviderUrl or set blockchain: true.`);
    }
    if (!blockchain && props.signerPrivateKey) {
      throw new Error('AppSecrets: signerPrivateKey is true but blockchain is false, so there is no signer; remove signerPrivateKey or set blockchain: true.');
    }
    this.purposes = APP_SECRET_PURPOSES.filter((p) => (blockchain || !p.startsWith('blockchain/')) && (p !== 'blockchain/signer-key' || props.signerPrivateKey === true));
    const providerUrl = props.blockchainProviderUrl ?? `http://geth.${platformNamespaces(props.config).blockchain}.svc.cluster.local:8545`;
    if (!Token.isUnresolved(providerUrl) && !/^(https?|wss?):\/\/[^\s/]+/.test(providerUrl)) {
      throw new Error(`AppSecrets: blockchainProviderUrl is '${providerUrl}'; use an http(s):// or ws(s):// URL such as 'http://geth.<name>-blockchain.svc.cluster.local:8545'.`);
    }
    this.encryptionKey = props.key;
    const owner = props.sharedSecretsRegion ?? props.region;
    const replicaOfOwner = owner !== props.region;
    if (replicaOfOwner && props.replicaRegions?.length) {
      throw new Error(`AppSecrets: replicaRegions ${JSON.stringify(props.replicaRegions.map((r) => r.region))} is set but sharedSecretsRegion is '${owner}', not this region '${props.region}'; ` +
        'only the owner region replicates the shared secrets: remove replicaRegions here or sharedSecretsRegion.');
    }
    for (const r of props.replicaRegions ?? []) {
      if (r.region === props.region) throw new Error(`AppSecrets: replicaRegions lists '${r.region}', the secrets' own region; list only the other regions.`);
    }

    const generated = (length: number, extra: Partial<secretsmanager.SecretStringGenerator> = {}): secretsmanager.SecretStringGenerator =>
      ({ passwordLength: length, excludePunctuation: true, includeSpace: false, requireEachIncludedType: true, ...extra });
    const specs: Record<AppSecretPurpose, { id: string; description: string; value: Pick<secretsmanager.SecretProps, 'generateSecretString' | 'secretStringValue'>; rotation: string }> = {
      'app/jwt-signing-key': {
        id: 'JwtSigningKey',
        description: 'HMAC key the api-gateway signs and verifies JWTs with',
        value: { generateSecretString: generated(64) },
        rotation: 'a new signing key invalidates every issued token, so rotation is a coordinated release (dual-key verification window)',
      },
      'app/webhook-secret': {
        id: 'WebhookSecret',
        description: 'Shared secret that signs outgoing webhook payloads',
        value: { generateSecretString: generated(64) },
        rotation: 'merchants verify webhooks with this secret, so a new one must be announced to them before it is switched',
      },
      'blockchain/provider-url': {
        id: 'BlockchainProviderUrl',
        description: 'Ethereum JSON-RPC endpoint the payment-service uses',
        value: { secretStringValue: SecretValue.unsafePlainText(providerUrl) },
        rotation: 'an endpoint URL, not a credential; it changes only when the provider changes',
      },
      'blockchain/signer-key': {
        id: 'BlockchainSignerKey',
        description: 'Hex private key of the payment signer account; replace with the funded key (put-secret-value)',
        value: { generateSecretString: generated(64, { excludeUppercase: true, excludeCharacters: NON_HEX_LOWERCASE }) },
        rotation: 'a new signer key is a new on-chain account that must be funded and allow-listed first',
      },
    };

    const secrets: Partial<Record<AppSecretPurpose, secretsmanager.ISecret>> = {};
    for (const purpose of this.purposes) {
      const spec = specs[purpose];
      const shared = SHARED_SECRET_PURPOSES.includes(purpose);
      if (shared && replicaOfOwner) {
        // This region's replica of the owner's secret: same name, this region's key.
        secrets[purpose] = secretsmanager.Secret.fromSecretAttributes(this, spec.id, {
          secretPartialArn: Stack.of(this).formatArn({
            service: 'secretsmanager', resource: 'secret', resourceName: secretName(props.config, owner, purpose), arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
          encryptionKey: props.key,
        });
        continue;
      }
      const secret = new secretsmanager.Secret(this, spec.id, {
        secretName: secretName(props.config, props.region, purpose),
        description: spec.description,
        encryptionKey: props.key,
        removalPolicy: RemovalPolicy.RETAIN,
        replicaRegions: shared ? props.replicaRegions : undefined,
        ...spec.value,
      });
      const reason = `PCI DSS 3.6.4 / 8.3.9: rotated by docs/runbooks/secret-rotation.md (put-secret-value, then restart the readers) at least yearly and on suspicion of compromise, not by a Lambda, because ${spec.rotation}.`;
      for (const id of ['AwsSolutions-SMG4', 'NIST.800.53.R5-SecretsManagerRotationEnabled']) Validations.of(secret).acknowledge({ id, reason });
      secrets[purpose] = secret;
    }
    this.secrets = secrets as IAppSecrets['secrets'];
  }

  /**
   * `secretsmanager:GetSecretValue` and `DescribeSecret` on these secrets only (all created, or
   * the listed purposes), and `kms:Decrypt` on the secrets key through Secrets Manager of this region.
   */
  public grantRead(grantee: iam.IGrantable, purposes: readonly AppSecretPurpose[] = this.purposes): iam.Grant {
    if (purposes.length === 0) throw new Error('AppSecrets.grantRead: purposes is empty; list at least one secret purpose or omit it for all.');
    const secrets: Partial<Record<AppSecretPurpose, secretsmanager.ISecret>> = this.secrets;
    const arns = purposes.map((p) => {
      const secret = secrets[p];
      if (!secret) throw new Error(`AppSecrets.grantRead: purpose '${p}' has no secret (blockchain is false); list only ${this.purposes.join(', ')}.`);
      return secret.secretArn;
    });
    const grant = iam.Grant.addToPrincipal({
      grantee,
      actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      resourceArns: arns,
    });
    const key = iam.Grant.addToPrincipal({
      grantee,
      actions: ['kms:Decrypt'],
      resourceArns: [this.encryptionKey.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(this).region}.amazonaws.com` } },
    });
    return grant.combine(key);
  }
}
