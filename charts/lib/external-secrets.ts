import { Construct } from 'constructs';
import {
  ClusterSecretStore, ClusterSecretStoreSpecProviderAwsService,
} from '../imports/clustersecretstore-external-secrets.io';
import {
  ExternalSecret, ExternalSecretSpecSecretStoreRefKind, ExternalSecretSpecTargetCreationPolicy, ExternalSecretSpecTargetTemplateEngineVersion,
} from '../imports/externalsecret-external-secrets.io';

/** Names of the Kubernetes Secrets the External Secrets Operator keeps in sync (the seeds' names). */
export const K8S_SECRETS = {
  /**
   * Keys `host`, `port`, `username`, `password`, `dbname`, `url` (the writer, through the global
   * writer endpoint) and `reader-host`, `read-url` (the region's own readers).
   */
  database: 'database-secret',
  /** Keys `auth-token`, `url`. */
  cache: 'redis-secret',
  /** Key `secret`. */
  jwt: 'jwt-secret',
  /** Key `secret`. */
  webhook: 'webhook-secret',
  /** Keys `provider-url`, `private-key`. */
  blockchain: 'blockchain-secret',
} as const;

/** Name of the ClusterSecretStore. */
export const SECRET_STORE_NAME = 'aws-secrets-manager';

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
 * AWS Secrets Manager through the ClusterSecretStore. Deleting it deletes the Secret.
 */
export class SyncedSecret extends Construct {
  constructor(scope: Construct, id: string, props: SyncedSecretProps) {
    super(scope, id);
    if (props.keys.length === 0) throw new Error(`SyncedSecret '${props.name}': keys is empty; list at least one key to sync.`);
    new ExternalSecret(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        refreshInterval: props.refreshInterval ?? '1h',
        secretStoreRef: { name: props.storeName ?? SECRET_STORE_NAME, kind: ExternalSecretSpecSecretStoreRefKind.CLUSTER_SECRET_STORE },
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
  /** JSON secret of the RDS/Aurora cluster: `username`, `password`, `host`, `port`, `dbname`. */
  readonly database: string;
  /** The cache AUTH token. */
  readonly cacheAuthToken: string;
  readonly jwtSigningKey: string;
  readonly webhookSecret: string;
  /**
   * The Ethereum JSON-RPC URL; with `blockchainSignerKey` it makes the `blockchain-secret`.
   * @default - no blockchain secret (a platform without blockchain)
   */
  readonly blockchainProviderUrl?: string;
  /**
   * The signer's private key; given together with `blockchainProviderUrl`.
   * @default - no blockchain secret (a platform without blockchain)
   */
  readonly blockchainSignerKey?: string;
}

/**
 * Where a region's workloads connect to PostgreSQL. Kept apart from the credentials (which secret,
 * which user) so that who logs in and where it connects change independently.
 */
export interface DatabaseEndpoints {
  /**
   * Host every write goes to. With an Aurora global database: its global writer endpoint
   * (`AWS::RDS::GlobalCluster` `GlobalEndpoint.Address`), which Aurora points at the current writer
   * cluster through switchover and failover, so a promoted region's pods write to their own
   * cluster with no secret or manifest change. A single region: its cluster endpoint.
   */
  readonly writer: string;
  /** The region's own reader endpoint (load-balanced over its readers; read-only, in every region). */
  readonly reader: string;
  /** @default 5432 */
  readonly port?: number;
}

/** Props of `PlatformSecrets`. */
export interface PlatformSecretsProps {
  /** AWS region of the secrets (the cluster's region). */
  readonly region: string;
  /** Namespace of api-gateway and payment-service: gets every secret (the blockchain one only when named). */
  readonly appNamespace: string;
  /** Namespace of the jobs: gets the database secret only (nightly dump). */
  readonly jobsNamespace: string;
  readonly secretNames: PlatformSecretNames;
  /** Database endpoints of the region (the master secret's own `host` is not used: it names the cluster that created it). */
  readonly databaseEndpoints: DatabaseEndpoints;
  /** Database name inside the cluster. */
  readonly databaseName: string;
  /** Primary endpoint address of the cache (from CDK). */
  readonly cacheEndpoint: string;
  /** @default 6379 */
  readonly cachePort?: number;
  /**
   * JSON property holding the AUTH token, when the cache secret is JSON.
   * @default - the whole secret string is the token
   */
  readonly cacheAuthTokenProperty?: string;
  /**
   * `sslmode` of the composed database URL. `verify-full` needs the RDS CA bundle in the image.
   * @default 'require'
   */
  readonly databaseSslMode?: 'require' | 'verify-full';
  /** @default '1h' */
  readonly refreshInterval?: string;
}

/**
 * The ClusterSecretStore `aws-secrets-manager` and the ExternalSecrets of the platform.
 *
 * The store has no `auth` block: the External Secrets Operator's own service account gets AWS
 * credentials from EKS Pod Identity (the cluster stack associates it with a role that can read only
 * this region's secret prefix). The store is usable only from the platform's namespaces
 * (`conditions`), so another tenant of the cluster cannot read payment secrets through it.
 */
export class PlatformSecrets extends Construct {
  constructor(scope: Construct, id: string, props: PlatformSecretsProps) {
    super(scope, id);
    const refreshInterval = props.refreshInterval ?? '1h';
    const n = props.secretNames;
    if ((n.blockchainProviderUrl === undefined) !== (n.blockchainSignerKey === undefined)) {
      const [given, missing] = n.blockchainProviderUrl === undefined ? ['blockchainSignerKey', 'blockchainProviderUrl'] : ['blockchainProviderUrl', 'blockchainSignerKey'];
      throw new Error(`PlatformSecrets: secretNames.${given} is set but secretNames.${missing} is not; name both blockchain secrets, or neither for a platform without blockchain.`);
    }
    new ClusterSecretStore(this, 'Store', {
      metadata: { name: SECRET_STORE_NAME },
      spec: {
        provider: { aws: { service: ClusterSecretStoreSpecProviderAwsService.SECRETS_MANAGER, region: props.region } },
        conditions: [{ namespaces: [props.appNamespace, props.jobsNamespace] }],
      },
    });

    // Credentials from the master secret (the primary's, replicated); endpoints from the props.
    const db = props.databaseEndpoints;
    const port = db.port ?? 5432;
    const sslmode = props.databaseSslMode ?? 'require';
    const credentials = '{{ .username | urlquery }}:{{ .password | urlquery }}';
    const database = (namespace: string, cid: string) => new SyncedSecret(this, cid, {
      namespace, name: K8S_SECRETS.database, refreshInterval,
      keys: ['username', 'password'].map((k) => ({ secretKey: k, remoteKey: n.database, property: k })),
      template: {
        host: db.writer,
        port: String(port),
        username: '{{ .username }}',
        password: '{{ .password }}',
        dbname: props.databaseName,
        'reader-host': db.reader,
        url: `postgresql://${credentials}@${db.writer}:${port}/${props.databaseName}?sslmode=${sslmode}`,
        'read-url': `postgresql://${credentials}@${db.reader}:${port}/${props.databaseName}?sslmode=${sslmode}`,
      },
    });
    database(props.appNamespace, 'Database');
    database(props.jobsNamespace, 'JobsDatabase');

    new SyncedSecret(this, 'Cache', {
      namespace: props.appNamespace, name: K8S_SECRETS.cache, refreshInterval,
      keys: [{ secretKey: 'token', remoteKey: n.cacheAuthToken, property: props.cacheAuthTokenProperty }],
      template: {
        'auth-token': '{{ .token }}',
        // TLS (rediss) is required: the replication group has in-transit encryption on.
        url: `rediss://:{{ .token | urlquery }}@${props.cacheEndpoint}:${props.cachePort ?? 6379}`,
      },
    });
    new SyncedSecret(this, 'Jwt', { namespace: props.appNamespace, name: K8S_SECRETS.jwt, refreshInterval, keys: [{ secretKey: 'secret', remoteKey: n.jwtSigningKey }] });
    new SyncedSecret(this, 'Webhook', { namespace: props.appNamespace, name: K8S_SECRETS.webhook, refreshInterval, keys: [{ secretKey: 'secret', remoteKey: n.webhookSecret }] });
    if (n.blockchainProviderUrl !== undefined && n.blockchainSignerKey !== undefined) {
      new SyncedSecret(this, 'Blockchain', {
        namespace: props.appNamespace, name: K8S_SECRETS.blockchain, refreshInterval,
        keys: [
          { secretKey: 'provider-url', remoteKey: n.blockchainProviderUrl },
          { secretKey: 'private-key', remoteKey: n.blockchainSignerKey },
        ],
      });
    }
  }
}
