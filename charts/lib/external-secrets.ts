import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-27';
import { SecretStore, SecretStoreSpecProviderAwsService } from '../imports/secretstore-external-secrets.io';
import {
  ExternalSecret, ExternalSecretSpecSecretStoreRefKind, ExternalSecretSpecTargetCreationPolicy, ExternalSecretSpecTargetTemplateEngineVersion,
} from '../imports/externalsecret-external-secrets.io';

/** Names of the Kubernetes Secrets the External Secrets Operator keeps in sync (the seeds' names). */
export const K8S_SECRETS = {
  /** Key `auth-token` (mounted as a file; the URL without credentials is plain configuration). */
  cache: 'redis-secret',
  /** Key `secret`. */
  jwt: 'jwt-secret',
  /** Key `secret`. */
  webhook: 'webhook-secret',
  /** Key `provider-url`, and `private-key` only with the opt-in private-key signer. */
  blockchain: 'blockchain-secret',
} as const;

/** Name of the SecretStore of each namespace that syncs secrets. */
export const SECRET_STORE_NAME = 'aws-secrets-manager';

/** ServiceAccount of each such namespace whose IAM role (IRSA) reads exactly that namespace's secrets. */
export const SECRETS_READER_SERVICE_ACCOUNT = 'secrets-reader';

/** One key of a synced Secret: a property of the JSON secret, or the whole secret string. */
export interface SyncedKey {
  /** Key in the Kubernetes Secret. */
  readonly secretKey: string;
  /** Secrets Manager secret name. */
  readonly remoteKey: string;
  /**
   * JSON property of the secret value.
   * @default - the whole secret string
   */
  readonly property?: string;
}

/** Props of `SyncedSecret`. */
export interface SyncedSecretProps {
  readonly namespace: string;
  /** Kubernetes Secret name (also the ExternalSecret's name). */
  readonly name: string;
  readonly keys: SyncedKey[];
  /**
   * Go templates (ESO engine v2) computing the Secret's keys from the fetched ones; when set,
   * the Secret holds exactly these keys.
   * @default - the fetched keys as they are
   */
  readonly template?: Record<string, string>;
  /** @default '1h' */
  readonly refreshInterval?: string;
  /** @default SECRET_STORE_NAME */
  readonly storeName?: string;
}

/**
 * An ExternalSecret that creates and owns (`creationPolicy: Owner`) one Kubernetes Secret from
 * AWS Secrets Manager through its namespace's SecretStore. Deleting it deletes the Secret.
 */
export class SyncedSecret extends Construct {
  constructor(scope: Construct, id: string, props: SyncedSecretProps) {
    super(scope, id);
    if (props.keys.length === 0) throw new Error(`SyncedSecret '${props.name}': keys is empty; list at least one key to sync.`);
    new ExternalSecret(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        refreshInterval: props.refreshInterval ?? '1h',
        secretStoreRef: { name: props.storeName ?? SECRET_STORE_NAME, kind: ExternalSecretSpecSecretStoreRefKind.SECRET_STORE },
        target: {
          name: props.name,
          creationPolicy: ExternalSecretSpecTargetCreationPolicy.OWNER,
          template: props.template
            ? { engineVersion: ExternalSecretSpecTargetTemplateEngineVersion.V2, type: 'Opaque', data: props.template }
            : undefined,
        },
        data: props.keys.map((k) => ({ secretKey: k.secretKey, remoteRef: { key: k.remoteKey, property: k.property } })),
      },
    });
  }
}

/** Secrets Manager names of the platform's secrets (see `lib/config/naming.ts` `secretName`). */
export interface PlatformSecretNames {
  /** The cache AUTH token. */
  readonly cacheAuthToken: string;
  readonly jwtSigningKey: string;
  readonly webhookSecret: string;
  /**
   * The Ethereum JSON-RPC URL; it makes the `blockchain-secret`.
   * @default - no blockchain secret (a platform without blockchain)
   */
  readonly blockchainProviderUrl?: string;
  /**
   * The signer's private key, only for the opt-in private-key signer (by default payment-service
   * signs with a KMS key and no private key exists outside KMS); needs `blockchainProviderUrl`.
   * @default - no private key in the cluster
   */
  readonly blockchainSignerKey?: string;
}

/** Props of {@link NamespaceSecretStore}. */
export interface NamespaceSecretStoreProps {
  readonly namespace: string;
  /** AWS region of the secrets. */
  readonly region: string;
  /**
   * IAM role of the namespace's `secrets-reader` ServiceAccount (IRSA): it trusts only that
   * service account's tokens and may read only this namespace's secrets.
   */
  readonly readerRoleArn: string;
}

/**
 * A namespace's own way into Secrets Manager: the ServiceAccount `secrets-reader`, annotated with
 * its IAM role, and the SecretStore `aws-secrets-manager` that authenticates as it
 * (`auth.jwt.serviceAccountRef`: External Secrets requests a token for that service account and
 * exchanges it through STS, so AWS sees `system:serviceaccount:<namespace>:secrets-reader`).
 *
 * Why not one ClusterSecretStore: a store without `auth` uses the controller's own credentials,
 * which must then read every namespace's secrets, and any namespace could declare such a store.
 * Here the controller's own role reads nothing, a SecretStore can only name service accounts of
 * its own namespace, and each reader role trusts exactly one namespace's service account, so a
 * workload reaches only its namespace's secrets whatever SecretStore it declares.
 */
export class NamespaceSecretStore extends Construct {
  constructor(scope: Construct, id: string, props: NamespaceSecretStoreProps) {
    super(scope, id);
    new kplus.ServiceAccount(this, 'Reader', {
      metadata: {
        name: SECRETS_READER_SERVICE_ACCOUNT, namespace: props.namespace,
        annotations: { 'eks.amazonaws.com/role-arn': props.readerRoleArn },
      },
      // External Secrets requests the token through the TokenRequest API; no pod mounts it.
      automountToken: false,
    });
    new SecretStore(this, 'Resource', {
      metadata: { name: SECRET_STORE_NAME, namespace: props.namespace },
      spec: {
        provider: {
          aws: {
            service: SecretStoreSpecProviderAwsService.SECRETS_MANAGER,
            region: props.region,
            auth: { jwt: { serviceAccountRef: { name: SECRETS_READER_SERVICE_ACCOUNT } } },
          },
        },
      },
    });
  }
}

/** Props of `PlatformSecrets`. */
export interface PlatformSecretsProps {
  /** AWS region of the secrets (the cluster's region). */
  readonly region: string;
  /** Namespace of api-gateway and payment-service: gets every secret (the blockchain one only when named). */
  readonly appNamespace: string;
  /** IAM role of the application namespace's `secrets-reader` (see {@link NamespaceSecretStore}). */
  readonly readerRoleArn: string;
  /**
   * Namespace of the platform's monitoring components and the IAM role of its `secrets-reader`
   * (redis_exporter reads the cache AUTH token there).
   * @default - no store in a monitoring namespace
   */
  readonly monitoring?: { readonly namespace: string; readonly readerRoleArn: string };
  readonly secretNames: PlatformSecretNames;
  /**
   * JSON property holding the AUTH token, when the cache secret is JSON.
   * @default - the whole secret string is the token
   */
  readonly cacheAuthTokenProperty?: string;
  /** @default '1h' */
  readonly refreshInterval?: string;
}

/**
 * The application namespace's SecretStore and ExternalSecrets: the cache AUTH token, the JWT and
 * webhook keys and, with the blockchain, the provider URL (and the signer's private key only with
 * the opt-in private-key signer). The services mount them as files, never as variables. The
 * database is not among them: services log in with IAM tokens as their own users, and the master
 * credential never enters the cluster.
 */
export class PlatformSecrets extends Construct {
  constructor(scope: Construct, id: string, props: PlatformSecretsProps) {
    super(scope, id);
    const refreshInterval = props.refreshInterval ?? '1h';
    const n = props.secretNames;
    if (n.blockchainSignerKey !== undefined && n.blockchainProviderUrl === undefined) {
      throw new Error('PlatformSecrets: secretNames.blockchainSignerKey is set but secretNames.blockchainProviderUrl is not; name the provider URL too, or neither for a platform without blockchain.');
    }
    new NamespaceSecretStore(this, 'Store', { namespace: props.appNamespace, region: props.region, readerRoleArn: props.readerRoleArn });
    if (props.monitoring) {
      new NamespaceSecretStore(this, 'MonitoringStore', { namespace: props.monitoring.namespace, region: props.region, readerRoleArn: props.monitoring.readerRoleArn });
    }

    new SyncedSecret(this, 'Cache', {
      namespace: props.appNamespace, name: K8S_SECRETS.cache, refreshInterval,
      keys: [{ secretKey: 'token', remoteKey: n.cacheAuthToken, property: props.cacheAuthTokenProperty }],
      // Only the token: the services mount it as a file and take the (credential-free) URL from their config.
      template: { 'auth-token': '{{ .token }}' },
    });
    new SyncedSecret(this, 'Jwt', { namespace: props.appNamespace, name: K8S_SECRETS.jwt, refreshInterval, keys: [{ secretKey: 'secret', remoteKey: n.jwtSigningKey }] });
    new SyncedSecret(this, 'Webhook', { namespace: props.appNamespace, name: K8S_SECRETS.webhook, refreshInterval, keys: [{ secretKey: 'secret', remoteKey: n.webhookSecret }] });
    if (n.blockchainProviderUrl !== undefined) {
      new SyncedSecret(this, 'Blockchain', {
        namespace: props.appNamespace, name: K8S_SECRETS.blockchain, refreshInterval,
        keys: [
          { secretKey: 'provider-url', remoteKey: n.blockchainProviderUrl },
          ...(n.blockchainSignerKey !== undefined ? [{ secretKey: 'private-key', remoteKey: n.blockchainSignerKey }] : []),
        ],
      });
    }
  }
}
