import * as fs from 'fs';
import * as path from 'path';

const pkgDir = (name: string): string => path.dirname(require.resolve(`${name}/package.json`));

/**
 * The kubectl layer bundled for Kubernetes 1.35 ships Helm 4, which renamed `--atomic` to
 * `--rollback-on-failure`: `helm upgrade` still accepts `--atomic` (deprecated), `helm install`
 * no longer does (helm/helm#31900). The add-ons install with `atomic: true`, so this checks that
 * the aws-eks-v2 handler runs them as `helm upgrade --install … --atomic`, never `helm install`.
 */
describe('Helm 4 and --atomic (the kubectl layer of 1.35)', () => {
  const handler = fs.readFileSync(path.join(pkgDir('aws-cdk-lib'), 'custom-resource-handlers/dist/aws-eks-v2/kubectl-handler/helm/__init__.py'), 'utf8');
  const layerReadme = fs.readFileSync(path.join(pkgDir('@aws-cdk/lambda-layer-kubectl-v35'), 'README.md'), 'utf8');

  test('the layer carries Helm 4', () => {
    expect(layerReadme).toMatch(/Helm Version: 4\.\d+\.\d+/);
  });

  test('installs and upgrades go through `helm upgrade --install`, where Helm 4 still honours --atomic', () => {
    expect(handler).toMatch(/helm\('upgrade', release, chart, repository, values_file, namespace, version, wait, timeout, create_namespace, atomic=atomic\)/);
    expect(handler).toMatch(/if verb == 'upgrade':\s+cmnd\.append\('--install'\)/);
    expect(handler).not.toMatch(/helm\('install'/);
  });
});
