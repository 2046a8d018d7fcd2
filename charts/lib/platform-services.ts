import { poolNodeSelector, poolTolerations } from '../../lib/core/placement';
import { K8S_SECRETS } from './external-secrets';
import type { NetworkRuleSpec, ServiceSpec, StreamingUseSpec } from './service-spec';
import { POD_IDENTITY_AGENT_CIDR } from './network-policies';
import { RDS_CA, RDS_CA_FILE } from './rds-ca';

/** Where and as whom a service connects to PostgreSQL (IAM database authentication, no password). */
export interface DatabaseConnection {
  /** Host name of the writer endpoint (verified against the server certificate). */
  readonly host: string;
  /**
   * Host name of the region's own reader endpoint (read-only queries), as `PGHOST_READER`.
   * @default - none
   */
  readonly readerHost?: string;
  /** @default 5432 */
  readonly port?: number;
  readonly databaseName: string;
  /** AWS region of the database (the IAM token is signed for it). */
  readonly region: string;
}

/**
 * The libpq environment of a service that logs in as `user` with IAM tokens: host, port, database,
 * user, `sslmode=verify-full` against the RDS CA bundle, and `PGAUTH=iam` telling the application
 * to use a fresh token (`@aws-sdk/rds-signer`, valid 15 minutes, generated per connection) as the
 * password. Nothing here is secret, so it is plain configuration; no password exists to rotate.
 */
export function databaseEnv(db: DatabaseConnection, user: string): Record<string, string> {
  return {
    PGHOST: db.host,
    ...(db.readerHost !== undefined ? { PGHOST_READER: db.readerHost } : {}),
    PGPORT: String(db.port ?? 5432),
    PGDATABASE: db.databaseName,
    PGUSER: user,
    PGSSLMODE: 'verify-full',
    PGSSLROOTCERT: RDS_CA_FILE,
    PGAUTH: 'iam',
    AWS_REGION: db.region,
  };
}

/** Where the platform's services find the files of their synced Secrets (one directory per Secret, a file per key). */
export const SECRET_MOUNTS = {
  cache: '/var/run/secrets/platform/cache',
  jwt: '/var/run/secrets/platform/jwt',
  webhook: '/var/run/secrets/platform/webhook',
  blockchain: '/var/run/secrets/platform/blockchain',
} as const;

/** The cache the services connect to (TLS; AUTH token from a file). */
export interface CacheConnection {
  /** Primary endpoint host name of the replication group. */
  readonly endpoint: string;
  /** @default 6379 */
  readonly port?: number;
}

/**
 * The cache environment: `REDIS_URL` without credentials (TLS, `rediss://`) and
 * `REDIS_AUTH_TOKEN_FILE`, the mounted AUTH token. The application reads the file when it
 * (re)connects: after a rotation (ElastiCache `ROTATE` keeps the old and the new token valid until
 * `SET`) External Secrets updates the Secret and the kubelet the file, with no restart.
 */
export function cacheEnv(cache: CacheConnection): Record<string, string> {
  return { REDIS_URL: `rediss://${cache.endpoint}:${cache.port ?? 6379}`, REDIS_AUTH_TOKEN_FILE: `${SECRET_MOUNTS.cache}/auth-token` };
}

/**
 * How payment-service signs its blockchain transactions.
 * - `{ kmsKeyId }`, the platform's default: the region's asymmetric `ECC_SECG_P256K1` KMS key
 *   (`SIGNER_KMS_KEY_ID`, an alias). The service asks KMS to sign the transaction's Keccak-256
 *   digest (`kms:Sign`, `ECDSA_SHA_256`, `MessageType: DIGEST`) and derives the address from
 *   `kms:GetPublicKey`; the private key never leaves KMS.
 * - `{ privateKeyFile: true }`, an explicit opt-in for applications that cannot sign through KMS:
 *   the hex private key as the file `PRIVATE_KEY_FILE` from the blockchain Secret.
 */
export type BlockchainSigner = { readonly kmsKeyId: string } | { readonly privateKeyFile: true };

/** payment-service's signer variables. */
export function signerEnv(signer: BlockchainSigner): Record<string, string> {
  return 'kmsKeyId' in signer ? { SIGNER_KMS_KEY_ID: signer.kmsKeyId } : { PRIVATE_KEY_FILE: `${SECRET_MOUNTS.blockchain}/private-key` };
}

/** What the platform's two services need to know about their surroundings. */
export interface PlatformServicesInput {
  readonly apiGatewayImage: string;
  readonly paymentServiceImage: string;
  /** The VPC CIDR: the ALB's IP targets, the database, the cache and the interface endpoints live there. */
  readonly vpcCidr: string;
  /**
   * Namespace of geth (payment-service calls its RPC, reads the blockchain secret and mounts the
   * contract ABIs). Without it payment-service has no Web3 wiring at all.
   * @default - no blockchain
   */
  readonly blockchainNamespace?: string;
  /**
   * How payment-service signs (with `blockchainNamespace`).
   * @default - required with `blockchainNamespace`
   */
  readonly signer?: BlockchainSigner;
  /**
   * payment-service's use of the region's Kafka cluster (with streaming on: `PAYMENT_SERVICE_STREAMING`).
   * @default - no streaming
   */
  readonly paymentServiceStreaming?: StreamingUseSpec;
  /** IRSA role of payment-service. @default - none (Pod Identity) */
  readonly paymentServiceRoleArn?: string;
  /** IRSA role of api-gateway. @default - none (Pod Identity) */
  readonly apiGatewayRoleArn?: string;
  /** The database both services log in to, each as its own user. */
  readonly database: DatabaseConnection;
  /** The cache both services use. */
  readonly cache: CacheConnection;
  /** Database users of the services. */
  readonly databaseUsers: { readonly apiGateway: string; readonly paymentService: string };
  /**
   * CIDRs the ALB sends from (its subnets: the public subnets).
   * @default - `vpcCidr`
   */
  readonly loadBalancerCidrs?: readonly string[];
  /**
   * CIDRs of the database and cache (the data subnets).
   * @default - `vpcCidr`
   */
  readonly dataCidrs?: readonly string[];
  /**
   * CIDRs of the interface VPC endpoints (Secrets Manager, KMS, STS, S3, ...): the application subnets.
   * @default - `vpcCidr`
   */
  readonly endpointCidrs?: readonly string[];
  /** @default - none */
  readonly apiGateway?: Partial<ServiceSpec>;
  /** @default - none */
  readonly paymentService?: Partial<ServiceSpec>;
}

/** The geth JSON-RPC Service and port payment-service may call (the geth construct serves it). */
export const GETH_RPC = { service: 'geth', port: 8545 } as const;

/** With streaming on, payment-service publishes every payment state change to this topic (GlobalPay's event stream). */
export const PAYMENT_SERVICE_STREAMING: StreamingUseSpec = { produces: ['payment-events'] };

/** The ConfigMap with the compiled contract ABIs that payment-service mounts at /app/contracts. */
export const CONTRACT_ARTIFACTS_CONFIGMAP = 'contract-artifacts';

/**
 * api-gateway and payment-service: two instances of `ServiceSpec` with the seeds' values
 * (VeryPay §3.1 and values.yaml, GlobalPay's HPA behaviour).
 *
 * - api-gateway: 3000 + metrics 9090, HPA 3–20 (VeryPay values.yaml), PDB minAvailable 2, api
 *   node pool (tainted `role=api:NoSchedule`), reachable from the ALB (VPC CIDR) on 3000 only.
 * - payment-service: 3001 + metrics 9090, HPA 6–20 (the seed ran 5; 6 is two per zone, so losing
 *   a zone leaves 4 pods — one above the PDB's minAvailable 3, room for a drain before the
 *   replacements are up; 20 is the api-gateway ceiling: it is called once per gateway request), worker pool;
 *   with a blockchain namespace also the geth RPC egress, `WEB3_PROVIDER_URL_FILE`, the signer
 *   (`SIGNER_KMS_KEY_ID`, or the opt-in `PRIVATE_KEY_FILE`) and
 *   the contract ABIs at /app/contracts.
 */
export function platformServiceSpecs(input: PlatformServicesInput): ServiceSpec[] {
  const to = (cidrs: readonly string[] | undefined, port: number): NetworkRuleSpec =>
    ({ peers: (cidrs ?? [input.vpcCidr]).map((cidr) => ({ cidr })), ports: [{ port }] });
  const dataTier = [to(input.dataCidrs, input.database.port ?? 5432), to(input.dataCidrs, 6379)];
  const endpoints = to(input.endpointCidrs, 443);
  // EKS Pod Identity: the SDK fetches the role's credentials from the node-local agent.
  const podIdentity: NetworkRuleSpec = { peers: [{ cidr: POD_IDENTITY_AGENT_CIDR }], ports: [{ port: 80 }] };
  const caMount = { configMap: RDS_CA.configMap, mountPath: RDS_CA.mountPath };
  const chain = input.blockchainNamespace;
  if (chain !== undefined && input.signer === undefined) {
    throw new Error(`platformServiceSpecs: blockchainNamespace is '${chain}' but signer is not set; pass { kmsKeyId: '<alias of the secp256k1 signer key>' } (or { privateKeyFile: true } for an application that cannot sign through KMS).`);
  }
  const apiGateway: ServiceSpec = {
    name: 'api-gateway',
    image: input.apiGatewayImage,
    port: 3000,
    metricsPort: 9090,
    autoscaling: { minReplicas: 3, maxReplicas: 20, cpuUtilization: 70, memoryUtilization: 80 },
    disruptionBudget: { minAvailable: 2 },
    resources: { cpu: { request: '250m', limit: '500m' }, memory: { request: '512Mi', limit: '1Gi' } },
    liveness: { path: '/health', initialDelaySeconds: 30, periodSeconds: 10 },
    readiness: { path: '/ready', initialDelaySeconds: 5, periodSeconds: 5 },
    // Answers 200 only when a write and a cache round trip succeed (Route 53 and the ALB probe it).
    healthCheckPath: '/health',
    config: {
      NODE_ENV: 'production', PORT: '3000', ...databaseEnv(input.database, input.databaseUsers.apiGateway), ...cacheEnv(input.cache),
      JWT_SECRET_FILE: `${SECRET_MOUNTS.jwt}/secret`,
    },
    secretMounts: [{ secret: K8S_SECRETS.cache, mountPath: SECRET_MOUNTS.cache }, { secret: K8S_SECRETS.jwt, mountPath: SECRET_MOUNTS.jwt }],
    nodeSelector: poolNodeSelector('api'),
    tolerations: poolTolerations('api'),
    configMapMounts: [caMount],
    iamRoleArn: input.apiGatewayRoleArn,
    // ALB with target-type ip: health checks and traffic come from the load balancer's ENIs in its subnets.
    ingress: [to(input.loadBalancerCidrs, 3000)],
    egress: [...dataTier, endpoints, podIdentity],
    ...input.apiGateway,
  };
  const paymentService: ServiceSpec = {
    name: 'payment-service',
    image: input.paymentServiceImage,
    port: 3001,
    metricsPort: 9090,
    autoscaling: { minReplicas: 6, maxReplicas: 20, cpuUtilization: 70, memoryUtilization: 80 },
    disruptionBudget: { minAvailable: 3 },
    resources: { cpu: { request: '500m', limit: '1000m' }, memory: { request: '1Gi', limit: '2Gi' } },
    liveness: { path: '/health', initialDelaySeconds: 30, periodSeconds: 10 },
    readiness: { path: '/ready', initialDelaySeconds: 5, periodSeconds: 5 },
    config: {
      NODE_ENV: 'production', PORT: '3001', ...databaseEnv(input.database, input.databaseUsers.paymentService), ...cacheEnv(input.cache),
      WEBHOOK_SECRET_FILE: `${SECRET_MOUNTS.webhook}/secret`,
      ...(chain !== undefined ? { WEB3_PROVIDER_URL_FILE: `${SECRET_MOUNTS.blockchain}/provider-url`, ...signerEnv(input.signer!) } : {}),
    },
    secretMounts: [
      { secret: K8S_SECRETS.cache, mountPath: SECRET_MOUNTS.cache }, { secret: K8S_SECRETS.webhook, mountPath: SECRET_MOUNTS.webhook },
      ...(chain !== undefined ? [{ secret: K8S_SECRETS.blockchain, mountPath: SECRET_MOUNTS.blockchain }] : []),
    ],
    configMapMounts: [caMount, ...(chain !== undefined ? [{ configMap: CONTRACT_ARTIFACTS_CONFIGMAP, mountPath: '/app/contracts' }] : [])],
    nodeSelector: poolNodeSelector('worker'),
    iamRoleArn: input.paymentServiceRoleArn,
    streaming: input.paymentServiceStreaming,
    ingress: [{ peers: [{ service: 'api-gateway' }], ports: [{ port: 3001 }] }],
    egress: [
      ...dataTier, endpoints,
      ...(chain !== undefined ? [{ peers: [{ service: GETH_RPC.service, namespace: chain }], ports: [{ port: GETH_RPC.port }] }] : []),
      podIdentity,
    ],
    ...input.paymentService,
  };
  return [apiGateway, paymentService];
}
