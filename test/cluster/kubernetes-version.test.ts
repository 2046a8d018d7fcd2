import { Annotations as CoreAnnotations, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import {
  checkKubernetesVersion, EXISTING_CLUSTERS_CONTEXT, EXTENDED_SUPPORT_WARNING_ID, isExistingCluster, kubectlLayerPackage, resolveKubernetesVersion,
  UNSUPPORTED_EXISTING_WARNING_ID,
} from '../../lib/cluster/kubernetes-version';
import { clusterFixture, TODAY } from './fixture';

const day = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

describe('checkKubernetesVersion', () => {
  test('1.35 is in standard support in November 2026', () => {
    expect(checkKubernetesVersion('1.35', TODAY)).toMatchObject({
      status: 'standard', endOfStandardSupport: '2027-03-27', endOfExtendedSupport: '2028-03-27',
    });
  });

  test('1.32 and 1.33 are in extended support, with the 6x price in the message', () => {
    for (const v of ['1.32', '1.33']) {
      const check = checkKubernetesVersion(v, TODAY);
      expect(check.status).toBe('extended');
      expect(check.message).toContain('6x');
      expect(check.message).toContain("set cluster.kubernetesVersion to '1.35'");
    }
  });

  test('1.27 is unsupported: names the version, the end of extended support and the fix', () => {
    const check = checkKubernetesVersion('1.27', TODAY);
    expect(check.status).toBe('unsupported');
    expect(check.message).toContain('1.27');
    expect(check.message).toContain('2025-07-24');
    expect(check.message).toContain("set cluster.kubernetesVersion to '1.35'");
  });

  test('support ends at the start of the calendar day', () => {
    expect(checkKubernetesVersion('1.31', day('2026-11-25')).status).toBe('extended');
    expect(checkKubernetesVersion('1.31', day('2026-11-26')).status).toBe('unsupported');
    expect(checkKubernetesVersion('1.34', day('2026-12-01')).status).toBe('standard');
    expect(checkKubernetesVersion('1.34', day('2026-12-02')).status).toBe('extended');
  });

  test('unknown versions are unsupported and list the known ones', () => {
    const check = checkKubernetesVersion('1.99', TODAY);
    expect(check.status).toBe('unsupported');
    expect(check.message).toContain("'1.99'");
    expect(check.message).toContain('1.35');
  });

  test('the layer package follows the minor version', () => {
    expect(kubectlLayerPackage('1.35')).toBe('@aws-cdk/lambda-layer-kubectl-v35');
    expect(kubectlLayerPackage('1.32')).toBe('@aws-cdk/lambda-layer-kubectl-v32');
  });
});

describe('resolveKubernetesVersion (the guard the cluster runs)', () => {
  test('1.35: the EKS version and the v35 kubectl layer, no warning', () => {
    const stack = new Stack();
    const resolved = resolveKubernetesVersion(stack, '1.35', TODAY);
    expect(resolved.version.version).toBe('1.35');
    expect(resolved.kubectlLayer.node.id).toBe('KubectlLayer');
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('warns with the acknowledgeable id while a version is in extended support', () => {
    const stack = new Stack();
    resolveKubernetesVersion(stack, '1.35', day('2027-06-01'));
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp(`Kubernetes 1\\.35 left EKS standard support on 2027-03-27.*6x.*\\[ack: ${EXTENDED_SUPPORT_WARNING_ID}\\]`));
  });

  test('fails for 1.27 with the version, the date and the fix', () => {
    expect(() => resolveKubernetesVersion(new Stack(), '1.27', TODAY))
      .toThrow(/cluster\.kubernetesVersion: Kubernetes 1\.27 reached the end of EKS extended support on 2025-07-24.*set cluster\.kubernetesVersion to '1\.35'/);
  });

  test('fails after the end of extended support even if the version was fine earlier', () => {
    expect(() => resolveKubernetesVersion(new Stack(), '1.35', day('2028-03-27'))).toThrow(/2028-03-27/);
  });

  test('fails for a version whose kubectl layer package is not installed, naming the package', () => {
    expect(() => resolveKubernetesVersion(new Stack(), '1.32', TODAY))
      .toThrow(/needs the kubectl layer package '@aws-cdk\/lambda-layer-kubectl-v32'.*npm install @aws-cdk\/lambda-layer-kubectl-v32/);
  });

  test('the cluster refuses 1.27 from the configuration', () => {
    expect(() => clusterFixture({ cluster: { kubernetesVersion: '1.27' } })).toThrow(/1\.27.*2025-07-24.*'1\.35'/);
  });

  describe('an existing cluster on a version that left support', () => {
    // 1.35 reaches the end of extended support on 2028-03-27: an existing 1.35 cluster must keep deploying other changes.
    const after = day('2028-04-01');

    test('warns, acknowledgeably, instead of failing: a DNS change still deploys', () => {
      const stack = new Stack();
      const resolved = resolveKubernetesVersion(stack, '1.35', after, true);
      expect(resolved.check.status).toBe('unsupported');
      Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp(`reached the end of EKS extended support on 2028-03-27.*The cluster exists.*\\[ack: ${UNSUPPORTED_EXISTING_WARNING_ID}\\]`));
    });

    test('the acknowledgement silences the warning', () => {
      const stack = new Stack();
      resolveKubernetesVersion(stack, '1.35', after, true);
      CoreAnnotations.of(stack).acknowledgeWarning(UNSUPPORTED_EXISTING_WARNING_ID, 'upgrade scheduled for next week');
      Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
    });

    test('creating a cluster on it still fails, and the error says how to mark an existing cluster', () => {
      expect(() => resolveKubernetesVersion(new Stack(), '1.35', after, false))
        .toThrow(`If this region's cluster already exists, say so with -c ${EXISTING_CLUSTERS_CONTEXT}=<region>`);
    });

    test('the context names the regions whose cluster exists (or all)', () => {
      const withContext = (v: unknown) => {
        const s = new Stack();
        s.node.setContext(EXISTING_CLUSTERS_CONTEXT, v);
        return s;
      };
      expect(isExistingCluster(new Stack(), 'us-east-1')).toBe(false);
      expect(isExistingCluster(withContext('us-east-1, eu-west-1'), 'eu-west-1')).toBe(true);
      expect(isExistingCluster(withContext('us-east-1'), 'ap-southeast-1')).toBe(false);
      expect(isExistingCluster(withContext('all'), 'ap-southeast-1')).toBe(true);
      expect(isExistingCluster(withContext(['ap-southeast-1']), 'ap-southeast-1')).toBe(true);
    });

    test('the cluster construct reads it: an existing region deploys with a warning, a new region is refused', () => {
      const late = new Date('2028-04-01T00:00:00Z');
      expect(() => clusterFixture({}, { today: late })).toThrow(/reached the end of EKS extended support on 2028-03-27/);
      const f = clusterFixture({}, { today: late, existingCluster: true });
      Annotations.fromStack(f.stack).hasWarning('*', Match.stringLikeRegexp(UNSUPPORTED_EXISTING_WARNING_ID));
    });
  });
});
