import { Testing } from 'cdk8s';
import { PaymentWorkloads, type PaymentWorkloadsProps } from '../../../charts/payment-workloads';
import { DEPLOY_TIME_MARKER, workloadsChartId } from '../../../charts/deploy-time';
import { workloadsPropsFromConfig } from '../../../lib/stacks/workloads-props';
import { find, ofKind, resolvedExample, synth, type K8sObject } from './helpers';

const config = resolvedExample();

function build(overrides: Partial<PaymentWorkloadsProps> = {}, region = 'us-east-1'): K8sObject[] {
  const chart = new PaymentWorkloads(Testing.app(), workloadsChartId(config, region), { ...workloadsPropsFromConfig(config, region), ...overrides });
  return synth(chart);
}

describe('workloadsPropsFromConfig', () => {
  const props = workloadsPropsFromConfig(config, 'eu-west-1');

  test('derives names, images, roles and hostnames from the configuration', () => {
    expect(props.namespaces).toEqual({ api: 'verypay-api', blockchain: 'verypay-blockchain', jobs: 'verypay-jobs', monitoring: 'monitoring', prometheus: 'kube-prometheus-stack' });
    expect(props.images.apiGateway).toBe('123456789012.dkr.ecr.eu-west-1.amazonaws.com/verypay/api-gateway:v1.2.3');
    expect(props.images.geth).toBe('123456789012.dkr.ecr.eu-west-1.amazonaws.com/docker-hub/ethereum/client-go:v1.17.5@sha256:523d3ba26623a619e912019068dc2784f02934070ac46bdae4d5b9df0d917814');
    expect(props.roleArns).toEqual({
      paymentService: 'arn:aws:iam::123456789012:role/verypay-prod-euw1-payment-service',
      apiGateway: 'arn:aws:iam::123456789012:role/verypay-prod-euw1-api-gateway',
      postgresBackup: 'arn:aws:iam::123456789012:role/verypay-prod-euw1-postgres-backup',
      appSecretsReader: 'arn:aws:iam::123456789012:role/verypay-prod-euw1-secrets-verypay-api',
      monitoringSecretsReader: 'arn:aws:iam::123456789012:role/verypay-prod-euw1-secrets-monitoring',
    });
    // No database secret at all: clients log in with IAM tokens as their own users.
    expect(Object.keys(props.secretNames)).not.toContain('database');
    expect(props.databaseUsers).toEqual({ apiGateway: 'api_gateway', paymentService: 'payment_service', backup: 'payments_backup' });
    // Network policies narrow to the subnets the region's VPC gets (public, application, data).
    expect(props.networks).toEqual({
      loadBalancer: ['10.1.192.0/21', '10.1.200.0/21', '10.1.208.0/21'],
      endpoints: ['10.1.0.0/18', '10.1.64.0/18', '10.1.128.0/18'],
      data: ['10.1.216.0/21', '10.1.224.0/21', '10.1.232.0/21'],
    });
    expect(props.backupBucketName).toBe('verypay-prod-euw1-backups-123456789012');
    expect(props.hostnames).toEqual({ regional: 'api-eu-west-1.verypay.example.com', global: 'api.verypay.example.com' });
    expect(props.vpcCidr).toBe('10.1.0.0/16');
    expect(workloadsChartId(config, 'eu-west-1')).toBe('verypay-prod-eu-west-1');
  });

  test('uses REPLACED-AT-DEPLOY placeholders unless the cluster stack passes values', () => {
    expect(props.certificateArn).toBe(`arn:aws:acm:eu-west-1:123456789012:certificate/${DEPLOY_TIME_MARKER}`);
    expect(props.cacheEndpoint).toBe(`${DEPLOY_TIME_MARKER}.cache.eu-west-1.amazonaws.com`);
    const real = workloadsPropsFromConfig(config, 'eu-west-1', { cacheEndpoint: 'master.cache.euw1.cache.amazonaws.com' });
    expect(real.cacheEndpoint).toBe('master.cache.euw1.cache.amazonaws.com');
  });

  test('fails when the region is not configured', () => {
    expect(() => workloadsPropsFromConfig(config, 'us-west-2')).toThrow(/region 'us-west-2' is not in the configuration \(regions: us-east-1, eu-west-1, ap-southeast-1\)/);
  });
});

describe('PaymentWorkloads', () => {
  const objects = build();

  test('namespaces carry the seeds labels and Pod Security restricted', () => {
    for (const [name, tier] of [['verypay-api', 'application'], ['verypay-blockchain', 'blockchain'], ['verypay-jobs', 'worker'], ['monitoring', 'infrastructure']]) {
      const labels = find(objects, 'Namespace', name).metadata.labels;
      expect(labels).toMatchObject({
        name, tier,
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/warn': 'restricted',
      });
    }
  });

  test('every namespace has a default deny and DNS egress to kube-dns', () => {
    for (const ns of ['verypay-api', 'verypay-blockchain', 'verypay-jobs', 'monitoring']) {
      expect(find(objects, 'NetworkPolicy', 'default-deny', ns).spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
      expect(find(objects, 'NetworkPolicy', 'allow-dns', ns).spec.egress).toEqual([{
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
        ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
      }]);
    }
  });

  test('api-gateway: the ALB (public subnets) on 3000 only; PostgreSQL and the cache in the data subnets; calls payment-service on 3001', () => {
    const np = find(objects, 'NetworkPolicy', 'api-gateway', 'verypay-api').spec;
    const cidrs = (list: string[]) => list.map((cidr) => ({ ipBlock: { cidr } }));
    const publicSubnets = ['10.0.192.0/21', '10.0.200.0/21', '10.0.208.0/21'];
    const dataSubnets = ['10.0.216.0/21', '10.0.224.0/21', '10.0.232.0/21'];
    expect(np.ingress[0]).toEqual({ from: cidrs(publicSubnets), ports: [{ port: 3000, protocol: 'TCP' }] });
    expect(np.ingress[1]).toEqual({ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-prometheus-stack' } } }], ports: [{ port: 9090, protocol: 'TCP' }] });
    expect(np.egress.map((r: K8sObject) => r.ports[0].port)).toEqual([5432, 6379, 443, 80, 3001, 4317]);
    expect(np.egress[0].to).toEqual(cidrs(dataSubnets));
    expect(np.egress[1].to).toEqual(cidrs(dataSubnets));
    expect(np.egress[2].to).toEqual(cidrs(['10.0.0.0/18', '10.0.64.0/18', '10.0.128.0/18']));
    expect(JSON.stringify(np)).not.toContain('10.0.0.0/16');
  });

  test('payment-service: only api-gateway calls it; it reaches geth RPC in the blockchain namespace', () => {
    const np = find(objects, 'NetworkPolicy', 'payment-service', 'verypay-api').spec;
    expect(np.ingress[0]).toEqual({ from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api-gateway' } } }], ports: [{ port: 3001, protocol: 'TCP' }] });
    expect(np.egress).toContainEqual({
      to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'geth' } }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'verypay-blockchain' } } }],
      ports: [{ port: 8545, protocol: 'TCP' }],
    });
    expect(np.egress).toContainEqual({ to: [{ ipBlock: { cidr: '169.254.170.23/32' } }], ports: [{ port: 80, protocol: 'TCP' }] });
  });

  test('no pod of the platform namespaces may reach the internet on 443 (S3 goes through its interface endpoint)', () => {
    expect(ofKind(objects, 'NetworkPolicy').filter((p) => p.metadata.namespace !== 'verypay-blockchain' && JSON.stringify(p).includes('0.0.0.0/0'))).toEqual([]);
  });

  test('database clients: IAM authentication as their own users, verify-full against the RDS CA bundle mounted from a ConfigMap', () => {
    const env = (svc: string) => find(objects, 'ConfigMap', `${svc}-config`).data;
    for (const [svc, user] of [['api-gateway', 'api_gateway'], ['payment-service', 'payment_service']]) {
      expect(env(svc)).toMatchObject({
        PGHOST: `verypay-prod-global.global-${DEPLOY_TIME_MARKER}.global.rds.amazonaws.com`, PGPORT: '5432', PGDATABASE: 'payments',
        PGUSER: user, PGSSLMODE: 'verify-full', PGSSLROOTCERT: '/etc/rds-ca/rds-ca-bundle.pem', PGAUTH: 'iam',
      });
      const container = find(objects, 'Deployment', svc, 'verypay-api').spec.template.spec.containers[0];
      expect(container.volumeMounts).toContainEqual({ mountPath: '/etc/rds-ca', name: 'rds-ca-bundle', readOnly: true });
      expect(JSON.stringify(container.env ?? [])).not.toMatch(/DATABASE_URL|database-secret|PGPASSWORD/);
    }
    for (const ns of ['verypay-api', 'verypay-jobs']) {
      const bundle = find(objects, 'ConfigMap', 'rds-ca-bundle', ns).data['rds-ca-bundle.pem'] as string;
      expect(bundle.match(/BEGIN CERTIFICATE/g)).toHaveLength(3);
    }
  });

  test('api-gateway and payment-service have the seeds values', () => {
    const gw = find(objects, 'Deployment', 'api-gateway', 'verypay-api').spec.template.spec;
    expect(gw.nodeSelector).toEqual({ role: 'api' });
    expect(gw.tolerations).toEqual([{ key: 'role', operator: 'Equal', value: 'api', effect: 'NoSchedule' }]);
    expect(gw.containers[0].resources).toEqual({ requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '500m', memory: '1024Mi' } });
    const ps = find(objects, 'Deployment', 'payment-service', 'verypay-api').spec.template.spec;
    expect(ps.nodeSelector).toEqual({ role: 'worker' });
    expect(ps.containers[0].ports).toEqual([{ containerPort: 3001, name: 'http' }, { containerPort: 9090, name: 'metrics' }]);
    expect(ps.containers[0].volumeMounts).toContainEqual({ mountPath: '/app/contracts', name: 'contract-artifacts', readOnly: true });
    // Secrets as files, never variables; the signer is the region's KMS key (no private key in the cluster).
    expect(ps.containers[0].env ?? []).toEqual([]);
    expect(ps.containers[0].volumeMounts).toEqual(expect.arrayContaining([
      { mountPath: '/var/run/secrets/platform/cache', name: 'secret-redis-secret', readOnly: true },
      { mountPath: '/var/run/secrets/platform/webhook', name: 'secret-webhook-secret', readOnly: true },
      { mountPath: '/var/run/secrets/platform/blockchain', name: 'secret-blockchain-secret', readOnly: true },
    ]));
    expect(ps.volumes).toContainEqual({ name: 'secret-blockchain-secret', secret: { secretName: 'blockchain-secret', defaultMode: 0o440 } });
    expect(find(objects, 'ConfigMap', 'payment-service-config').data).toMatchObject({
      REDIS_URL: 'rediss://REPLACED-AT-DEPLOY.cache.us-east-1.amazonaws.com:6379', REDIS_AUTH_TOKEN_FILE: '/var/run/secrets/platform/cache/auth-token',
      WEBHOOK_SECRET_FILE: '/var/run/secrets/platform/webhook/secret', WEB3_PROVIDER_URL_FILE: '/var/run/secrets/platform/blockchain/provider-url',
      SIGNER_KMS_KEY_ID: 'alias/verypay-prod-blockchain-signer',
    });
    expect(find(objects, 'ConfigMap', 'payment-service-config').data.PRIVATE_KEY_FILE).toBeUndefined();
    expect(find(objects, 'ExternalSecret', 'blockchain-secret').spec.data.map((d: { secretKey: string }) => d.secretKey)).toEqual(['provider-url']);
    // The example runs streaming: payment-service is the built-in producer of payment-events.
    expect(find(objects, 'ConfigMap', 'payment-service-config').data).toMatchObject({
      NODE_ENV: 'production', PORT: '3001',
      KAFKA_BOOTSTRAP_SERVERS: 'REPLACED-AT-DEPLOY.kafka.us-east-1.amazonaws.com:9098', KAFKA_CLIENT_ID: 'payment-service',
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SASL_MECHANISM: 'AWS_MSK_IAM',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector.monitoring.svc:4318', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf', OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_SERVICE_NAME: 'payment-service', OTEL_PROPAGATORS: 'tracecontext,baggage,xray', OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod',
    });
    expect(find(objects, 'HorizontalPodAutoscaler', 'payment-service').spec).toMatchObject({ minReplicas: 6, maxReplicas: 20 });
    expect(find(objects, 'PodDisruptionBudget', 'payment-service').spec.minAvailable).toBe(3);
    expect(find(objects, 'PodDisruptionBudget', 'api-gateway').spec.minAvailable).toBe(2);
  });

  test('service accounts: Pod Identity by default, IRSA annotation on request', () => {
    expect(find(objects, 'ServiceAccount', 'payment-service').metadata.annotations).toBeUndefined();
    const irsa = build({ identity: 'irsa' });
    expect(find(irsa, 'ServiceAccount', 'payment-service').metadata.annotations).toEqual({
      'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/verypay-prod-use1-payment-service',
    });
    expect(find(objects, 'ServiceAccount', 'api-gateway').metadata.annotations).toBeUndefined();
    expect(find(irsa, 'ServiceAccount', 'api-gateway').metadata.annotations).toEqual({
      'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/verypay-prod-use1-api-gateway',
    });
  });

  test('Ingress for the AWS Load Balancer Controller', () => {
    const ing = find(objects, 'Ingress', 'api-gateway', 'verypay-api');
    expect(ing.metadata.annotations).toEqual({
      'alb.ingress.kubernetes.io/scheme': 'internet-facing',
      'alb.ingress.kubernetes.io/target-type': 'ip',
      'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP":80},{"HTTPS":443}]',
      'alb.ingress.kubernetes.io/ssl-redirect': '443',
      'alb.ingress.kubernetes.io/certificate-arn': `arn:aws:acm:us-east-1:123456789012:certificate/${DEPLOY_TIME_MARKER}`,
      'alb.ingress.kubernetes.io/ssl-policy': 'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09',
      'alb.ingress.kubernetes.io/wafv2-acl-arn': `arn:aws:wafv2:us-east-1:123456789012:regional/webacl/${DEPLOY_TIME_MARKER}/${DEPLOY_TIME_MARKER}`,
      'alb.ingress.kubernetes.io/group.name': 'verypay-prod',
      'alb.ingress.kubernetes.io/load-balancer-attributes': 'deletion_protection.enabled=true,access_logs.s3.enabled=true,' +
        `access_logs.s3.bucket=verypay-prod-use1-alb-logs-${DEPLOY_TIME_MARKER},access_logs.s3.prefix=alb,` +
        'routing.http.drop_invalid_header_fields.enabled=true,routing.http.desync_mitigation_mode=strictest,waf.fail_open.enabled=false',
      'alb.ingress.kubernetes.io/healthcheck-path': '/health',
      'external-dns.alpha.kubernetes.io/hostname': 'api-us-east-1.verypay.example.com',
      'external-dns.alpha.kubernetes.io/ingress-hostname-source': 'annotation-only',
    });
    expect(ing.spec.ingressClassName).toBe('alb');
    expect(ing.spec.rules.map((r: K8sObject) => r.host)).toEqual(['api-us-east-1.verypay.example.com', 'api.verypay.example.com']);
    expect(ing.spec.rules[0].http.paths[0].backend).toEqual({ service: { name: 'api-gateway', port: { number: 80 } } });
  });

  test('the application namespace has its own SecretStore, authenticating as its own secrets-reader (IRSA); no ClusterSecretStore', () => {
    expect(ofKind(objects, 'ClusterSecretStore')).toEqual([]);
    const store = find(objects, 'SecretStore', 'aws-secrets-manager', 'verypay-api');
    expect(store.apiVersion).toBe('external-secrets.io/v1');
    expect(store.spec).toEqual({ provider: { aws: { service: 'SecretsManager', region: 'us-east-1', auth: { jwt: { serviceAccountRef: { name: 'secrets-reader' } } } } } });
    const sa = find(objects, 'ServiceAccount', 'secrets-reader', 'verypay-api');
    expect(sa.metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/verypay-prod-use1-secrets-verypay-api' });
    expect(sa.automountServiceAccountToken).toBe(false);
    expect(ofKind(objects, 'SecretStore').map((s) => s.metadata.namespace)).toEqual(['verypay-api', 'monitoring']);
  });

  test('ExternalSecrets: names, namespaces, refresh, ownership and templates', () => {
    const secrets = ofKind(objects, 'ExternalSecret').map((e) => `${e.metadata.namespace}/${e.metadata.name}`);
    expect(secrets).toEqual([
      'verypay-api/redis-secret', 'verypay-api/jwt-secret', 'verypay-api/webhook-secret', 'verypay-api/blockchain-secret',
      'monitoring/redis-exporter-auth',
    ]);
    for (const e of ofKind(objects, 'ExternalSecret')) {
      expect(e.spec.refreshInterval).toBe('1h');
      expect(e.spec.target.creationPolicy).toBe('Owner');
      expect(e.spec.secretStoreRef).toEqual({ name: 'aws-secrets-manager', kind: 'SecretStore' });
    }
    // No database secret: the writer and reader hosts are plain configuration of the clients.
    const writer = `verypay-prod-global.global-${DEPLOY_TIME_MARKER}.global.rds.amazonaws.com`;
    const reader = `verypay-prod-use1-postgres.cluster-ro-${DEPLOY_TIME_MARKER}.us-east-1.rds.amazonaws.com`;
    expect(find(objects, 'ConfigMap', 'payment-service-config').data).toMatchObject({ PGHOST: writer, PGHOST_READER: reader });
    const redis = find(objects, 'ExternalSecret', 'redis-secret').spec;
    // Only the token: the URL the services use carries no credential (it is in their ConfigMaps).
    expect(redis.target.template.data).toEqual({ 'auth-token': '{{ .token }}' });
    const chain = find(objects, 'ExternalSecret', 'blockchain-secret').spec;
    expect(chain.data).toEqual([{ secretKey: 'provider-url', remoteRef: { key: 'verypay/prod/us-east-1/blockchain/provider-url' } }]);
  });

  test('PrometheusRule: the seeds alerts with scoped, ratio-based PromQL', () => {
    const rule = find(objects, 'PrometheusRule', 'payment-platform-alerts', 'monitoring');
    expect(rule.metadata.labels).toMatchObject({ 'app.kubernetes.io/part-of': 'verypay' });
    const rules = rule.spec.groups.flatMap((g: K8sObject) => g.rules) as K8sObject[];
    expect(rules.filter((r) => r.alert).map((r) => r.alert)).toEqual([
      'HighErrorRate', 'HighResponseTime', 'PaymentServiceDown', 'PodCrashLooping', 'HighMemoryUsage',
      'FiuuCircuitBreakerOpen',
      'DatabaseConnectionsHigh', 'DatabaseConnectionPoolExhaustion', 'DatabaseMetricsMissing', 'RedisMemoryHigh', 'CacheExporterDown',
      'PostgresBackupFailed', 'PostgresBackupMissing',
      'EthereumNodeDown', 'BlockchainSyncLag', 'ContractCallFailureRate', 'HighGasUsage',
      'ApiAvailabilityBudgetBurnFast', 'ApiAvailabilityBudgetBurnSlow', 'ApiLatencyBudgetBurnFast', 'ApiLatencyBudgetBurnSlow',
    ]);
    const byName = Object.fromEntries(rules.map((r) => [r.alert, r]));
    expect(byName.HighErrorRate.expr).toBe(
      'sum by (namespace, job) (rate(http_requests_total{job=~"api-gateway|payment-service", namespace="verypay-api", status=~"5.."}[5m]))\n'
      + '  / sum by (namespace, job) (rate(http_requests_total{job=~"api-gateway|payment-service", namespace="verypay-api"}[5m])) > 0.05',
    );
    expect(byName.HighResponseTime.expr).toBe(
      'histogram_quantile(0.95, sum by (namespace, job, le) (rate(http_request_duration_seconds_bucket{job=~"api-gateway|payment-service", namespace="verypay-api"}[5m]))) > 1',
    );
    expect(byName.PaymentServiceDown.expr).toBe('max by (namespace, job) (up{job="payment-service", namespace="verypay-api"}) == 0 or absent(up{job="payment-service", namespace="verypay-api"})');
    expect(byName.EthereumNodeDown.expr).toBe('up{job="geth", namespace="verypay-blockchain"} == 0');
    expect(byName.PodCrashLooping.expr).toContain('namespace=~"verypay-api|verypay-blockchain|verypay-jobs"');
    for (const r of rules.filter((x) => x.alert)) {
      expect(['critical', 'warning']).toContain(r.labels.severity);
      expect(Object.keys(r.annotations).sort()).toEqual(['description', 'summary']);
    }
  });

  test('runbook links when a base URL is given', () => {
    const rule = find(build({ runbookBaseUrl: 'https://runbooks.example.com/payments/' }), 'PrometheusRule', 'payment-platform-alerts');
    expect(rule.spec.groups[0].rules[0].annotations.runbook_url).toBe('https://runbooks.example.com/payments/HighErrorRate');
  });

  test('every container in the region file is hardened and pinned', () => {
    for (const d of ofKind(objects, 'Deployment')) {
      for (const c of d.spec.template.spec.containers) {
        expect(c.image).toMatch(/:v?\d+\.\d+\.\d+(@sha256:[a-f0-9]{64})?$/);
        expect(c.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } });
        expect(Object.keys(c.resources).sort()).toEqual(['limits', 'requests']);
      }
    }
  });

  test('snapshot: api-gateway Deployment, Service and HPA', () => {
    const picked = ['Deployment', 'Service', 'HorizontalPodAutoscaler'].map((k) => find(objects, k, 'api-gateway', 'verypay-api'));
    expect(picked).toMatchSnapshot();
  });
});
