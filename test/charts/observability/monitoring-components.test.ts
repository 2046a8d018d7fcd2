import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import { PaymentWorkloads } from '../../../charts/payment-workloads';
import { workloadsPropsFromConfig } from '../../../lib/stacks/workloads-props';
import { allowed, type PodRef } from '../../support/netpol-model';
import { find, ofKind, resolvedExample, synth, type K8sObject } from '../core/helpers';

const props = workloadsPropsFromConfig(resolvedExample(), 'us-east-1');
const objects = synth(new PaymentWorkloads(Testing.app(), 'verypay-prod-us-east-1', props));
const pod = (namespace: string, name: string): PodRef => ({ namespace, labels: { 'app.kubernetes.io/name': name } });
const collector = pod('monitoring', 'otel-collector');
const gateway = pod('verypay-api', 'api-gateway');
const paymentService = pod('verypay-api', 'payment-service');
const prometheus: PodRef = { namespace: 'kube-prometheus-stack', labels: { 'app.kubernetes.io/name': 'prometheus' } };

describe('tracing path (NetworkPolicy model)', () => {
  test('every service of the catalog reaches the collector on OTLP gRPC and HTTP, and gets the endpoint', () => {
    for (const service of [gateway, paymentService]) {
      expect(allowed(objects, service, collector, 4318)).toBe(true);
      expect(allowed(objects, service, collector, 4317)).toBe(true);
      const config = find(objects, 'ConfigMap', `${service.labels['app.kubernetes.io/name']}-config`).data;
      expect(config.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://otel-collector.monitoring.svc:4318');
      expect(config.OTEL_SERVICE_NAME).toBe(service.labels['app.kubernetes.io/name']);
    }
  });

  test('exactly that path: not other collector ports, not from the jobs namespace, not from the collector to the services', () => {
    expect(allowed(objects, gateway, collector, 8888)).toBe(false);
    expect(allowed(objects, pod('verypay-jobs', 'postgres-backup'), collector, 4318)).toBe(false);
    expect(allowed(objects, collector, gateway, 3000)).toBe(false);
    expect(allowed(objects, prometheus, collector, 8888)).toBe(true);
  });

  test('the model catches a service without the collector egress (tracing: false)', () => {
    const off = synth(new PaymentWorkloads(Testing.app(), 'off', { ...props, paymentService: { tracing: false } }));
    expect(allowed(off, paymentService, collector, 4318)).toBe(false);
    expect(allowed(off, gateway, collector, 4318)).toBe(true);
    expect(find(off, 'ConfigMap', 'payment-service-config').data.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
  });

  test('the collector exports to X-Ray in the region, through the memory limiter and batching', () => {
    const config = parse(find(objects, 'ConfigMap', 'otel-collector-config', 'monitoring').data['config.yaml']);
    expect(config.service.pipelines.traces).toEqual({ receivers: ['otlp'], processors: ['memory_limiter', 'batch'], exporters: ['awsxray'] });
    expect(config.exporters.awsxray.region).toBe('us-east-1');
    const np = find(objects, 'NetworkPolicy', 'otel-collector', 'monitoring').spec;
    expect(np.egress).toEqual([
      { to: [{ ipBlock: { cidr: '10.0.0.0/16' } }], ports: [{ port: 443, protocol: 'TCP' }] },
      { to: [{ ipBlock: { cidr: '169.254.170.23/32' } }], ports: [{ port: 80, protocol: 'TCP' }] },
    ]);
  });
});

describe('exporters', () => {
  test('redis_exporter: TLS to the cache with the AUTH token from Secrets Manager as a mounted password file, CONFIG disabled (ElastiCache)', () => {
    const pod = find(objects, 'Deployment', 'redis-exporter', 'monitoring').spec.template.spec;
    const c = pod.containers[0];
    expect(c.env).toEqual([{ name: 'REDIS_ADDR', value: 'rediss://REPLACED-AT-DEPLOY.cache.us-east-1.amazonaws.com:6379' }]);
    expect(c.args).toEqual(['--config-command=-', '--redis.password-file=/var/run/secrets/redis-exporter/password-file.json']);
    expect(c.volumeMounts).toContainEqual({ name: 'secret', mountPath: '/var/run/secrets/redis-exporter', readOnly: true });
    expect(pod.volumes).toContainEqual({ name: 'secret', secret: { secretName: 'redis-exporter-auth', defaultMode: 0o440 } });
    const es = find(objects, 'ExternalSecret', 'redis-exporter-auth', 'monitoring');
    expect(es.spec.data).toEqual([{ secretKey: 'token', remoteRef: { key: 'verypay/prod/us-east-1/cache/auth-token' } }]);
    // The exporter looks the password up by the address it scrapes: the map's key must be REDIS_ADDR exactly.
    const template = es.spec.target.template.data['password-file.json'] as string;
    expect(template).toBe('{"rediss://REPLACED-AT-DEPLOY.cache.us-east-1.amazonaws.com:6379": {{ .token | toJson }}}');
    expect(JSON.parse(template.replace('{{ .token | toJson }}', JSON.stringify('t0k"en')))).toEqual({ [c.env[0].value]: 't0k"en' });
  });

  test('Prometheus reaches each exporter\'s metrics port; exporters reach only their targets', () => {
    expect(allowed(objects, prometheus, pod('monitoring', 'redis-exporter'), 9121)).toBe(true);
    expect(allowed(objects, prometheus, pod('monitoring', 'cloudwatch-exporter'), 5000)).toBe(true);
    expect(allowed(objects, gateway, pod('monitoring', 'redis-exporter'), 9121)).toBe(false);
    const egress = (name: string) => find(objects, 'NetworkPolicy', name, 'monitoring').spec.egress.map((r: K8sObject) => r.ports[0].port);
    expect(egress('redis-exporter')).toEqual([6379]);
    expect(egress('cloudwatch-exporter')).toEqual([443, 80]);
  });

  test('the CloudWatch exporter reads the region\'s Aurora cluster', () => {
    const config = parse(find(objects, 'ConfigMap', 'cloudwatch-exporter-config', 'monitoring').data['config.yml']);
    expect(config.static[0]).toMatchObject({ namespace: 'AWS/RDS', regions: ['us-east-1'], dimensions: [{ name: 'DBClusterIdentifier', value: 'verypay-prod-use1-postgres' }] });
    expect(config.static[0].metrics.map((m: K8sObject) => m.name)).toContain('DatabaseConnections');
  });

  test('every monitoring component has a ServiceMonitor Prometheus selects', () => {
    const monitors = ofKind(objects, 'ServiceMonitor').filter((m) => m.metadata.namespace === 'monitoring').map((m) => m.metadata.name).sort();
    expect(monitors).toEqual(['cloudwatch-exporter', 'otel-collector', 'redis-exporter']);
    for (const m of ofKind(objects, 'ServiceMonitor')) expect(m.metadata.labels?.['app.kubernetes.io/part-of']).toBe('verypay');
  });

  test('fails when a monitoring image is not pinned', () => {
    expect(() => new PaymentWorkloads(Testing.app(), 'x', { ...props, monitoringImages: { otelCollector: 'otel/opentelemetry-collector-contrib:latest' } }))
      .toThrow(/PaymentWorkloads.monitoringImages.otelCollector/);
  });
});
