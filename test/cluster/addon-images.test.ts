/*
 * Supply chain of the Helm add-ons: the charts' images are not yet pinned by digest (no digest of
 * their default images could be verified offline; README "Supply chain", gaps). This ratchet keeps
 * that list honest: every installed chart is either pinned (its values name each image by digest)
 * or listed here at its exact version, every image reference the platform's values set carries a
 * digest unless listed, and a listed gap disappears once it is closed or the chart changes.
 */
import { examplePlatform } from '../app/platform-fixture';
import { HELM_CHARTS } from '../../lib/cluster/addons/versions';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Charts whose images run at the chart's tags without a digest, by `chart@version`, with the images' count. */
const HELM_IMAGE_GAPS: Record<string, { readonly images: number; readonly platformSetsTag?: boolean }> = {
  'aws-load-balancer-controller@3.4.2': { images: 1 },
  'external-dns@1.21.1': { images: 1 },
  'external-secrets@2.9.0': { images: 1 },
  'cluster-autoscaler@9.54.0': { images: 1, platformSetsTag: true },
  'metrics-server@3.13.0': { images: 1 },
  'kube-prometheus-stack@88.2.0': { images: 9 },
};

const DIGEST = /@sha256:[a-f0-9]{64}$/;

interface Release { readonly key: string; readonly values: Json }

function releases(template: Json): Release[] {
  return Object.values<Json>(template.Resources).filter((r) => r.Type === 'Custom::AWSCDK-EKS-HelmChart').map((r) => {
    const raw = r.Properties.Values;
    const values = typeof raw === 'string' ? JSON.parse(raw) : {};
    return { key: `${r.Properties.Chart}@${r.Properties.Version}`, values };
  });
}

/** The image settings the values make: `image: "<ref>"` strings and `{ repository?, tag?, digest? }` objects under an `image` key. */
function imageSettings(values: unknown, at = ''): { path: string; ref: string; digest: boolean }[] {
  if (!values || typeof values !== 'object') return [];
  const out: { path: string; ref: string; digest: boolean }[] = [];
  for (const [k, v] of Object.entries(values as Json)) {
    const p = at ? `${at}.${k}` : k;
    if (k === 'image' && typeof v === 'string') out.push({ path: p, ref: v, digest: DIGEST.test(v) });
    else if (k === 'image' && v && typeof v === 'object' && ('tag' in v || 'repository' in v || 'digest' in v)) {
      out.push({ path: p, ref: `${v.repository ?? '<chart default>'}:${v.tag ?? '<chart default>'}`, digest: typeof v.digest === 'string' && /^sha256:[a-f0-9]{64}$/.test(v.digest) });
    } else out.push(...imageSettings(v, p));
  }
  return out;
}

/** The problems of a set of releases against the gap list. */
function problems(all: Release[], gaps: typeof HELM_IMAGE_GAPS): string[] {
  const found: string[] = [];
  for (const r of all) {
    const settings = imageSettings(r.values);
    const gap = gaps[r.key];
    for (const s of settings.filter((x) => !x.digest)) {
      if (!gap?.platformSetsTag) found.push(`${r.key}: ${s.path} = ${s.ref} has no digest`);
    }
    if (!gap && !(settings.length > 0 && settings.every((s) => s.digest))) found.push(`${r.key}: runs the chart's images without a digest and is not a listed gap`);
  }
  for (const key of Object.keys(gaps)) if (!all.some((r) => r.key === key)) found.push(`${key}: listed as a gap but not installed at this version (closed or bumped: update the list and the README)`);
  return [...new Set(found)];
}

describe('Helm add-on images (example platform)', () => {
  const { assembly } = examplePlatform();
  const regional = assembly.stacks.filter((s) => /^PaymentPlatform-[a-z]+-[a-z]+-\d$/.test(s.stackName));

  test.each(regional.map((s) => [s.stackName, s] as const))('%s: every chart is pinned or a listed gap, and the platform sets no image without a digest but the listed one', (_name, stack) => {
    const all = releases(stack.template);
    expect(all.map((r) => r.key).sort()).toEqual(Object.values(HELM_CHARTS).map((c) => `${c.chart}@${c.version}`).sort());
    expect(problems(all, HELM_IMAGE_GAPS)).toEqual([]);
    // The one image the platform's values name: the Cluster Autoscaler, by tag (its minor follows Kubernetes).
    expect(all.flatMap((r) => imageSettings(r.values).map((x) => `${r.key} ${x.path} ${x.ref} ${x.digest}`))).toEqual(['cluster-autoscaler@9.54.0 image <chart default>:v1.35.0 false']);
  });

  test('the gap list is what README "Supply chain" counts: 14 images of 6 charts', () => {
    expect(Object.values(HELM_IMAGE_GAPS).reduce((n, g) => n + g.images, 0)).toBe(14);
  });

  test('the ratchet catches what it exists for: a new chart, a bumped chart, an image set without a digest', () => {
    const all = releases(regional[0].template);
    const withoutMetricsServer = Object.fromEntries(Object.entries(HELM_IMAGE_GAPS).filter(([key]) => key !== 'metrics-server@3.13.0'));
    expect(problems(all, withoutMetricsServer)).toEqual(["metrics-server@3.13.0: runs the chart's images without a digest and is not a listed gap"]);
    const bumped = all.map((r) => (r.key.startsWith('external-dns@') ? { ...r, key: 'external-dns@1.22.0' } : r));
    expect(problems(bumped, HELM_IMAGE_GAPS)).toEqual([
      "external-dns@1.22.0: runs the chart's images without a digest and is not a listed gap",
      'external-dns@1.21.1: listed as a gap but not installed at this version (closed or bumped: update the list and the README)',
    ]);
    const tagged = all.map((r) => (r.key.startsWith('external-secrets@') ? { ...r, values: { ...r.values, image: { tag: 'v0.20.0' } } } : r));
    expect(problems(tagged, HELM_IMAGE_GAPS)).toEqual(['external-secrets@2.9.0: image = <chart default>:v0.20.0 has no digest']);
    const pinned = all.map((r) => (r.key.startsWith('external-secrets@') ? { ...r, values: { ...r.values, image: { tag: 'v0.20.0', digest: `sha256:${'0'.repeat(64)}` } } } : r));
    expect(problems(pinned, HELM_IMAGE_GAPS)).toEqual([]);
  });
});
