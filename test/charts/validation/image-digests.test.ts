import { Testing } from 'cdk8s';
import { examplePlatformConfig } from '../../../bin/example-config';
import { resolvePlatformConfig } from '../../../lib/config/resolve';
import type { PlatformConfig } from '../../../lib/config/platform-config';
import { PaymentWorkloads } from '../../../charts/payment-workloads';
import { workloadsChartId } from '../../../charts/deploy-time';
import { workloadsPropsFromConfig } from '../../../lib/stacks/workloads-props';

/**
 * Supply chain of the workload charts: every container image is pinned by digest as well as tag,
 * and third-party images come through the region's ECR pull-through cache. The one list of known
 * gaps is below; any other image without a digest fails this test.
 */

/** Every container and init-container image of a chart's objects. */
function images(objs: unknown[]): string[] {
  const found: string[] = [];
  const walk = (v: unknown, inContainers: boolean) => {
    if (Array.isArray(v)) {
      for (const x of v) walk(x, inContainers);
      return;
    }
    if (!v || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (inContainers && k === 'image' && typeof x === 'string') found.push(x);
      else walk(x, k === 'containers' || k === 'initContainers');
    }
  };
  walk(objs, false);
  return [...new Set(found)].sort();
}

function chartImages(config: PlatformConfig, region: string): string[] {
  const resolved = resolvePlatformConfig(config);
  return images(Testing.synth(new PaymentWorkloads(Testing.app(), workloadsChartId(resolved, region), workloadsPropsFromConfig(resolved, region))));
}

const DIGEST = /@sha256:[a-f0-9]{64}$/;

/**
 * Images of the example without a digest, and why: the team's own services (their digest exists
 * once CI has pushed them; the example's registry is fictional, so it sets none, while a real
 * configuration sets `images.<service>.digest`) and YACE (no published digest of v0.62.1 could be
 * verified: pin it through `monitoringImages.cloudwatchExporter`).
 */
const KNOWN_GAPS = [/\/verypay\/api-gateway:v1\.2\.3$/, /\/verypay\/payment-service:v1\.2\.3$/, /\/quay\/prometheuscommunity\/yet-another-cloudwatch-exporter:v0\.62\.1$/];
const isGap = (image: string) => KNOWN_GAPS.some((g) => g.test(image));

describe.each(resolvePlatformConfig(examplePlatformConfig).regions.map((r) => r.region))('workload images in %s', (region) => {
  const all = chartImages(examplePlatformConfig, region);

  test('every image is pinned by digest but the listed gaps, and each gap is still there (the list never outlives a fix)', () => {
    expect(all.length).toBeGreaterThanOrEqual(9);
    expect(all.filter((i) => !DIGEST.test(i) && !isGap(i))).toEqual([]);
    expect(KNOWN_GAPS.map((g) => all.filter((i) => g.test(i) && !DIGEST.test(i)).length)).toEqual(KNOWN_GAPS.map(() => 1));
  });

  test('every image is pulled from the account\'s registry in this region: own repositories or the pull-through cache', () => {
    expect(all.filter((i) => !i.startsWith(`123456789012.dkr.ecr.${region}.amazonaws.com/`))).toEqual([]);
    expect(all).toEqual(expect.arrayContaining([
      expect.stringMatching(/\/docker-hub\/ethereum\/client-go:v1\.17\.5@sha256:523d3ba2/),
      expect.stringMatching(/\/docker-hub\/sigp\/lighthouse:v8\.2\.2@sha256:9a62bb87/),
      expect.stringMatching(/\/docker-hub\/library\/postgres:17\.6-alpine@sha256:ef257d85/),
      expect.stringMatching(/\/docker-hub\/amazon\/aws-cli:2\.37\.5@sha256:fb7ccfc7/),
      expect.stringMatching(/\/quay\/oliver006\/redis_exporter:v1\.67\.0@sha256:120f7ec7/),
      expect.stringMatching(/\/docker-hub\/otel\/opentelemetry-collector-contrib:0\.120\.0@sha256:85ac41c2/),
    ]));
  });
});

describe('the digest check catches what it exists for', () => {
  test('fails when an image has no digest: a geth reference without one, fed to the chart, is reported', () => {
    const resolved = resolvePlatformConfig(examplePlatformConfig);
    const props = workloadsPropsFromConfig(resolved, 'us-east-1');
    const unpinnedGeth = '123456789012.dkr.ecr.us-east-1.amazonaws.com/docker-hub/ethereum/client-go:v1.17.6';
    const objs = Testing.synth(new PaymentWorkloads(Testing.app(), workloadsChartId(resolved, 'us-east-1'), { ...props, images: { ...props.images, geth: unpinnedGeth } }));
    expect(images(objs).filter((i) => !DIGEST.test(i) && !isGap(i))).toEqual([unpinnedGeth]);
  });

  test('the configuration cannot produce such a reference: another geth tag without its digest is rejected at synth time', () => {
    const config = { ...examplePlatformConfig, images: { ...examplePlatformConfig.images, geth: { tag: 'v1.17.6' } } };
    expect(() => chartImages(config, 'us-east-1')).toThrow(/images\.geth\.digest: .*set the digest of ethereum\/client-go:v1\.17\.6/);
  });

  test('a service digest from the configuration is carried into the reference', () => {
    const digest = `sha256:${'0'.repeat(64)}`;
    const config = { ...examplePlatformConfig, images: { ...examplePlatformConfig.images, apiGateway: { tag: 'v1.2.3', digest } } };
    expect(chartImages(config, 'us-east-1')).toContain(`123456789012.dkr.ecr.us-east-1.amazonaws.com/verypay/api-gateway:v1.2.3@${digest}`);
  });
});
