import { Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import {
  checkKubernetesVersion, EXTENDED_SUPPORT_WARNING_ID, kubectlLayerPackage, resolveKubernetesVersion,
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
});
