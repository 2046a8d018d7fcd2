/*
 * Inspector enhanced scanning as ECR applies it: every repository the cluster pulls from — the
 * platform's own and the pull-through cache repositories ECR creates on the first pull of each
 * third-party image — must fall under a CONTINUOUS_SCAN rule of the region's registry scanning
 * configuration (PutRegistryScanningConfiguration: the first rule whose wildcard filter matches
 * the repository name decides; none matching means basic scanning only).
 */
import { Testing } from 'cdk8s';
import { examplePlatform } from '../app/platform-fixture';
import { PaymentWorkloads } from '../../charts/payment-workloads';
import { workloadsChartId } from '../../charts/deploy-time';
import { resolvePlatformConfig } from '../../lib/config/resolve';
import { workloadsPropsFromConfig } from '../../lib/stacks/workloads-props';
import { examplePlatformConfig } from '../../bin/example-config';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
interface ScanRule { readonly scanFrequency: string; readonly repositoryFilters: { filter: string; filterType: string }[] }

/** ECR's decision for one repository: the frequency of the first rule whose filter matches, or 'basic'. */
function scanning(config: { ScanType: string; Rules: Json[] } | undefined, repository: string): string {
  if (!config || config.ScanType !== 'ENHANCED') return 'basic';
  const rules: ScanRule[] = config.Rules.map((r) => ({ scanFrequency: r.ScanFrequency, repositoryFilters: r.RepositoryFilters.map((f: Json) => ({ filter: f.Filter, filterType: f.FilterType })) }));
  const matches = (filter: string) => new RegExp(`^${filter.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`).test(repository);
  const rule = rules.find((r) => r.repositoryFilters.some((f) => f.filterType === 'WILDCARD' && matches(f.filter)));
  return rule ? rule.scanFrequency : 'basic';
}

/** The repositories (names within the account's registry) the workload chart of a region pulls from. */
function pulledRepositories(region: string): string[] {
  const cfg = resolvePlatformConfig(examplePlatformConfig);
  const objs = Testing.synth(new PaymentWorkloads(Testing.app(), workloadsChartId(cfg, region), workloadsPropsFromConfig(cfg, region)));
  const registry = `${cfg.account}.dkr.ecr.${region}.amazonaws.com/`;
  const images = JSON.stringify(objs).match(/"image":"[^"]+"/g) ?? [];
  return [...new Set(images.map((m) => m.slice('"image":"'.length, -1)).filter((i) => i.startsWith(registry))
    .map((i) => i.slice(registry.length).replace(/@.*$/, '').replace(/:[^/]*$/, '')))].sort();
}

const { assembly } = examplePlatform();
const securityStacks = assembly.stacks.filter((s) => /^PaymentPlatform-.+-security$/.test(s.stackName) && s.stackName !== 'PaymentPlatform-security');
const scanConfigOf = (region: string) => {
  const stack = securityStacks.find((s) => s.environment.region === region);
  const resource = stack && Object.values<Json>(stack.template.Resources).find((r) => r.Type === 'AWS::ECR::RegistryScanningConfiguration');
  return resource?.Properties as { ScanType: string; Rules: Json[] } | undefined;
};

describe.each(['us-east-1', 'eu-west-1', 'ap-southeast-1'])('enhanced scanning in %s (securityBaseline.mode account)', (region) => {
  const repositories = pulledRepositories(region);

  test('the chart pulls from the cache prefixes and the own repositories only', () => {
    expect(repositories).toEqual(expect.arrayContaining([
      'docker-hub/ethereum/client-go', 'docker-hub/library/postgres', 'quay/oliver006/redis_exporter', 'verypay/api-gateway', 'verypay/payment-service',
    ]));
    expect(repositories.filter((r) => !/^(docker-hub|quay|ecr-public|k8s|verypay)\//.test(r))).toEqual([]);
  });

  test('every repository the cluster pulls from is scanned continuously by Inspector', () => {
    expect(repositories.map((r) => [r, scanning(scanConfigOf(region), r)])).toEqual(repositories.map((r) => [r, 'CONTINUOUS_SCAN']));
  });
});

describe('the scanning model catches what it exists for', () => {
  const config = scanConfigOf('us-east-1')!;

  test('fails when the rule covers only the platform\'s own repositories: the cached images are not scanned', () => {
    const own = { ...config, Rules: [{ ScanFrequency: 'CONTINUOUS_SCAN', RepositoryFilters: [{ Filter: 'verypay/*', FilterType: 'WILDCARD' }] }] };
    expect(scanning(own, 'verypay/api-gateway')).toBe('CONTINUOUS_SCAN');
    expect(scanning(own, 'docker-hub/library/postgres')).toBe('basic');
  });

  test('fails with basic scanning, and the first matching rule decides', () => {
    expect(scanning({ ...config, ScanType: 'BASIC' }, 'docker-hub/library/postgres')).toBe('basic');
    const ordered = { ...config, Rules: [
      { ScanFrequency: 'SCAN_ON_PUSH', RepositoryFilters: [{ Filter: 'docker-hub/*', FilterType: 'WILDCARD' }] },
      { ScanFrequency: 'CONTINUOUS_SCAN', RepositoryFilters: [{ Filter: '*', FilterType: 'WILDCARD' }] },
    ] };
    expect(scanning(ordered, 'docker-hub/library/postgres')).toBe('SCAN_ON_PUSH');
    expect(scanning(ordered, 'quay/oliver006/redis_exporter')).toBe('CONTINUOUS_SCAN');
  });
});
