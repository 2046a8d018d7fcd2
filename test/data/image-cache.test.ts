import { cachedImageReference, cachedRepository, cachedUpstream, CACHED_REGISTRIES } from '../../lib/core/image-refs';
import { decide, resolveIntrinsics } from '../support/iam-decide';
import { PlatformIam } from '../support/platform-iam';
import { examplePlatform } from '../app/platform-fixture';

/** ECR pull-through cache: the rules per region, the reference mapping, and what the node role may do through it (IAM evaluation). */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ACCOUNT = '123456789012';
/** References no assertion matches on: stable placeholders. */
const ANY_REF = new Proxy({} as Record<string, string>, { get: (_t, key: string) => `arn:aws:placeholder:::${key}` });
const REGION = 'us-east-1';
const repo = (name: string, region = REGION, account = ACCOUNT) => `arn:aws:ecr:${region}:${account}:repository/${name}`;

describe('image references through the cache', () => {
  test.each([
    ['postgres', 'docker-hub/library/postgres'],
    ['ethereum/client-go', 'docker-hub/ethereum/client-go'],
    ['docker.io/sigp/lighthouse', 'docker-hub/sigp/lighthouse'],
    ['docker.io/postgres', 'docker-hub/library/postgres'],
    ['quay.io/oliver006/redis_exporter', 'quay/oliver006/redis_exporter'],
    ['public.ecr.aws/eks/aws-load-balancer-controller', 'ecr-public/eks/aws-load-balancer-controller'],
    ['registry.k8s.io/metrics-server/metrics-server', 'k8s/metrics-server/metrics-server'],
  ])('%s → <registry>/%s', (upstream, cached) => {
    expect(cachedRepository(upstream, ACCOUNT, REGION)).toBe(`${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${cached}`);
  });

  test('the platform\'s own ECR repositories and registries the cache does not know stay as they are', () => {
    for (const r of [`${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/verypay/api-gateway`, 'registry.example.com/acme/wallet', 'localhost:5000/x']) {
      expect(cachedUpstream(r)).toBeUndefined();
      expect(cachedRepository(r, ACCOUNT, REGION)).toBe(r);
    }
  });

  test('tag and digest are kept', () => {
    expect(cachedImageReference('otel/opentelemetry-collector-contrib:0.120.0@sha256:' + 'a'.repeat(64), ACCOUNT, 'eu-west-1'))
      .toBe(`${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/docker-hub/otel/opentelemetry-collector-contrib:0.120.0@sha256:${'a'.repeat(64)}`);
    expect(cachedImageReference('quay.io/prometheuscommunity/yet-another-cloudwatch-exporter:v0.62.1', ACCOUNT, REGION))
      .toBe(`${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/quay/prometheuscommunity/yet-another-cloudwatch-exporter:v0.62.1`);
  });
});

describe('pull-through cache rules of the example platform', () => {
  let templates: Json[];
  let iam: PlatformIam;
  beforeAll(() => {
    const { platform, assembly } = examplePlatform();
    templates = [assembly.getStackByName('PaymentPlatform-us-east-1').template, assembly.getStackByName('PaymentPlatform-us-east-1-base').template];
    iam = PlatformIam.of(templates);
    for (const base of platform.baseStacks) {
      const rules = Object.values<Json>(assembly.getStackByName(base.stackName).template.Resources).filter((r) => r.Type === 'AWS::ECR::PullThroughCacheRule');
      expect(rules.map((r) => r.Properties.EcrRepositoryPrefix).sort()).toEqual(CACHED_REGISTRIES.map((r) => r.prefix).sort());
    }
  });

  test('every region caches Docker Hub (with the ecr-pullthroughcache/ credential), Quay, ECR Public and registry.k8s.io', () => {
    const base = templates[1].Resources as Record<string, Json>;
    const rules = Object.values(base).filter((r) => r.Type === 'AWS::ECR::PullThroughCacheRule');
    const dockerHub = rules.find((r) => r.Properties.UpstreamRegistry === 'docker-hub')!;
    expect(dockerHub.Properties.UpstreamRegistryUrl).toBe('registry-1.docker.io');
    const secretId = dockerHub.Properties.CredentialArn.Ref as string;
    expect(base[secretId].Properties.Name).toBe('ecr-pullthroughcache/verypay-prod/docker-hub');
    expect(base[secretId].Properties.KmsKeyId).toBeDefined();
    expect(rules.filter((r) => r !== dockerHub).every((r) => r.Properties.CredentialArn === undefined)).toBe(true);
  });

  test('the secrets key lets only ECR\'s pull-through cache role decrypt, through Secrets Manager', async () => {
    const keyId = iam.find('AWS::KMS::Key', 'KeysSecrets');
    const keyPolicy = (templates[1].Resources[keyId] as Json).Properties.KeyPolicy;
    const slr = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/pullthroughcache.ecr.amazonaws.com/AWSServiceRoleForECRPullThroughCache`;
    const ask = (principal: string, viaService: string) => decide({
      principal, action: 'kms:Decrypt', resource: `arn:aws:kms:${REGION}:${ACCOUNT}:key/${keyId}`, resourcePolicy: resolveIntrinsics(keyPolicy, ANY_REF),
      identityPolicies: [], context: { 'kms:ViaService': viaService, 'kms:CallerAccount': ACCOUNT, 'aws:PrincipalArn': principal },
    });
    expect(await ask(slr, `secretsmanager.${REGION}.amazonaws.com`)).toBe('Allowed');
    expect(await ask(slr, `s3.${REGION}.amazonaws.com`)).not.toBe('Allowed');
    expect(await ask(`arn:aws:iam::${ACCOUNT}:role/some-other-role`, `secretsmanager.${REGION}.amazonaws.com`)).not.toBe('Allowed');
  });

  describe('node role (IAM evaluation)', () => {
    const nodeRole = () => iam.find('AWS::IAM::Role', 'ClusterNodeGroupsRole');
    const policiesOf = (all: Json[], roleId: string) => {
      const resources: Json = Object.assign({}, ...all.map((t) => t.Resources));
      return Object.values<Json>(resources)
        .filter((r) => r.Type === 'AWS::IAM::ManagedPolicy' && (r.Properties.Roles ?? []).some((x: Json) => x.Ref === roleId))
        .map((r) => resolveIntrinsics(r.Properties.PolicyDocument, ANY_REF));
    };
    const can = (all: Json[], action: string, resource: string) => decide({
      principal: `arn:aws:iam::${ACCOUNT}:role/node`, action, resource, identityPolicies: policiesOf(all, nodeRole()), context: {},
    });

    test('creates cache repositories and imports upstream images under the cache prefixes', async () => {
      for (const action of ['ecr:CreateRepository', 'ecr:BatchImportUpstreamImage']) {
        expect(await can(templates, action, repo('docker-hub/library/postgres'))).toBe('Allowed');
        expect(await can(templates, action, repo('quay/oliver006/redis_exporter'))).toBe('Allowed');
      }
    });

    test('nothing outside them: not the platform\'s own repositories, not another region or account, no push', async () => {
      expect(await can(templates, 'ecr:CreateRepository', repo('verypay/api-gateway'))).not.toBe('Allowed');
      expect(await can(templates, 'ecr:BatchImportUpstreamImage', repo('docker-hub/library/postgres', 'eu-west-1'))).not.toBe('Allowed');
      expect(await can(templates, 'ecr:CreateRepository', repo('docker-hub/library/postgres', REGION, '210987654321'))).not.toBe('Allowed');
      expect(await can(templates, 'ecr:PutImage', repo('docker-hub/library/postgres'))).not.toBe('Allowed');
      expect(await can(templates, 'ecr:DeleteRepository', repo('docker-hub/library/postgres'))).not.toBe('Allowed');
    });

    test('fails on defect: a cache policy widened to every repository lets nodes create the platform\'s own repositories', async () => {
      const copy = JSON.parse(JSON.stringify(templates)) as Json[];
      for (const r of Object.values<Json>(copy[0].Resources)) {
        if (r.Type === 'AWS::IAM::ManagedPolicy' && JSON.stringify(r.Properties.PolicyDocument).includes('BatchImportUpstreamImage')) {
          r.Properties.PolicyDocument.Statement[0].Resource = '*';
        }
      }
      expect(await can(copy, 'ecr:CreateRepository', repo('verypay/api-gateway'))).toBe('Allowed');
    });
  });
});
