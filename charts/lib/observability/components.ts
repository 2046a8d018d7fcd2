import { MONITORING_COMPONENTS } from '../../../lib/core/identities';

export { MONITORING_COMPONENTS };

/**
 * Names and pinned images of the monitoring components the workload chart runs in the
 * `monitoring` namespace. The cluster stack binds the IAM roles by these service-account names.
 */

/**
 * Default images, each pinned to a release and, where its published digest could be verified, to
 * that digest (README "Supply chain" lists where each digest was published). YACE v0.62.1 has no verified digest yet:
 * pin it through `PaymentWorkloads.monitoringImages.cloudwatchExporter` (the image-digest test
 * lists it as the one known gap of the workload chart).
 */
export const MONITORING_IMAGES = {
  redisExporter: 'quay.io/oliver006/redis_exporter:v1.67.0@sha256:120f7ec77293459ccfdad66bb1db75ab72e8bfeab99f58b1cc2564cadcd7a9e7',
  cloudwatchExporter: 'quay.io/prometheuscommunity/yet-another-cloudwatch-exporter:v0.62.1',
  otelCollector: 'otel/opentelemetry-collector-contrib:0.120.0@sha256:85ac41c2db88d0df9bd6145e608a3cb023f5d8443868adbfbbf66efb51087917',
} as const;

/** The OTLP/HTTP endpoint services export traces to (`OTEL_EXPORTER_OTLP_ENDPOINT`). */
export function otlpEndpoint(monitoringNamespace: string): string {
  return `http://${MONITORING_COMPONENTS.otelCollector.name}.${monitoringNamespace}.svc:${MONITORING_COMPONENTS.otelCollector.otlpHttp}`;
}
