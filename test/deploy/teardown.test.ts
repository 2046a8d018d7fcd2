/*
 * `cdk destroy` of a regional stack, simulated on its template: CloudFormation deletes a resource
 * only after every resource that depends on it (DependsOn, Ref, GetAtt) is deleted, and deletes
 * everything else in parallel. The workloads manifest's delete (`kubectl delete`) waits for the
 * Ingress's finalizer, which the AWS Load Balancer Controller removes after it has deleted the ALB
 * and its security groups; for that the controller must still run, reach AWS (Pod Identity, DNS)
 * and have nodes. Whatever the ALB controller needs must therefore outlive the workloads manifest:
 * either it is deleted after it, or (an EKS add-on with PreserveOnDelete) its software keeps
 * running in the cluster, which is deleted after it. Otherwise the ALB and its security groups
 * are stranded and the VPC (the base stack) cannot be deleted.
 */
import { examplePlatform } from '../app/platform-fixture';
import { deletionRefusal } from '../support/alb-model';
import { dependencyClosure, type Resources } from '../support/template-deps';

const outlives = dependencyClosure;

/** What the ALB controller needs running to delete the load balancer: its chart, identity, nodes and the cluster add-ons it relies on. */
function controllerNeeds(resources: Resources): Record<string, string> {
  const find = (pred: (r: Resources[string]) => boolean, what: string) => {
    const ids = Object.keys(resources).filter((id) => pred(resources[id]));
    if (ids.length === 0) throw new Error(`no ${what} in the template`);
    return ids;
  };
  const needs: Record<string, string> = {};
  for (const id of find((r) => r.Type === 'Custom::AWSCDK-EKS-HelmChart' && r.Properties.Chart === 'aws-load-balancer-controller', 'controller chart')) needs[id] = 'the controller (Helm release)';
  for (const id of find((r) => r.Type === 'AWS::EKS::PodIdentityAssociation' && r.Properties.ServiceAccount === 'aws-load-balancer-controller', 'controller identity')) needs[id] = 'its Pod Identity association (ELB API credentials)';
  for (const name of ['coredns', 'kube-proxy', 'vpc-cni', 'eks-pod-identity-agent']) {
    for (const id of find((r) => r.Type === 'AWS::EKS::Addon' && r.Properties.AddonName === name, name)) needs[id] = `the ${name} add-on`;
  }
  for (const id of find((r) => r.Type === 'AWS::EKS::Nodegroup', 'node groups')) needs[id] = `node group ${resources[id].Properties.Labels?.role}`;
  return needs;
}

/** The controller's needs that may be gone while the workloads manifest (its Ingress) is being deleted. */
function strandedBy(resources: Resources, workloads: string): string[] {
  const after = outlives(resources, workloads);
  const cluster = Object.keys(resources).find((id) => resources[id].Type === 'AWS::EKS::Cluster')!;
  return Object.entries(controllerNeeds(resources)).filter(([id]) => {
    if (after.has(id)) return false;
    // An add-on preserved on delete keeps running until the cluster goes, after the workloads.
    const r = resources[id];
    return !(r.Type === 'AWS::EKS::Addon' && r.Properties.PreserveOnDelete === true && after.has(cluster));
  }).map(([, what]) => what).sort();
}

const regional = (region: string) => {
  const { platform, template } = examplePlatform();
  const stack = platform.regionalStack(region);
  const resources = template(stack).toJSON().Resources as Resources;
  const workloads = Object.keys(resources).filter((id) => resources[id].Type === 'Custom::AWSCDK-EKS-KubernetesResource' && id.includes('Workloads'));
  return { resources, workloads };
};

describe('cdk destroy: the ALB controller and what it needs outlive the Ingress', () => {
  test.each(['us-east-1', 'eu-west-1', 'ap-southeast-1'])('%s: nothing the controller needs can go before the workloads manifest', (region) => {
    const { resources, workloads } = regional(region);
    expect(workloads.length).toBeGreaterThan(0);
    for (const w of workloads) expect([w, strandedBy(resources, w)]).toEqual([w, []]);
  });

  test('CoreDNS is kept by PreserveOnDelete, not by a dependency: the workloads do not wait for it on create', () => {
    const { resources, workloads } = regional('us-east-1');
    const coredns = Object.keys(resources).find((id) => resources[id].Properties?.AddonName === 'coredns')!;
    expect(resources[coredns].Properties.PreserveOnDelete).toBe(true);
    for (const w of workloads) expect(outlives(resources, w).has(coredns)).toBe(false);
    // Every other add-on is deleted with its resource (no software left behind on a cluster that stays).
    const preserved = Object.values(resources).filter((r) => r.Type === 'AWS::EKS::Addon' && r.Properties.PreserveOnDelete).map((r) => r.Properties.AddonName);
    expect(preserved).toEqual(['coredns']);
  });
});

describe('the teardown simulation catches', () => {
  test('the code as it was: CoreDNS deleted in parallel with the Ingress (the controller cannot resolve the ELB API)', () => {
    const { resources, workloads } = regional('us-east-1');
    const copy: Resources = JSON.parse(JSON.stringify(resources));
    for (const r of Object.values(copy)) if (r.Type === 'AWS::EKS::Addon') r.Properties.PreserveOnDelete = false;
    expect(strandedBy(copy, workloads[0])).toEqual(['the coredns add-on']);
  });

  test('a workloads manifest that no longer depends on the controller chart', () => {
    const { resources, workloads } = regional('us-east-1');
    const copy: Resources = JSON.parse(JSON.stringify(resources));
    const chart = Object.keys(copy).find((id) => copy[id].Properties?.Chart === 'aws-load-balancer-controller')!;
    const w = copy[workloads[0]];
    w.DependsOn = [w.DependsOn ?? []].flat().filter((d) => d !== chart);
    expect(strandedBy(copy, workloads[0])).toContain('the controller (Helm release)');
  });
});

/*
 * Deletion protection: the controller refuses to delete an Ingress whose annotation still says
 * `deletion_protection.enabled=true` (and so the ALB, its security groups and the VPC stay). The
 * annotation each Ingress carries when the workloads manifest is deleted is the chart's, changed
 * by the restore patch of every KubernetesPatch on it that CloudFormation deletes before the
 * manifest (one that depends on it); a patch deleted in parallel may come too late.
 */
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const ANNOTATION = 'alb.ingress.kubernetes.io/load-balancer-attributes';

/** A template value (`Fn::Join` of literals and references) as a string; references become `X`. */
function literal(v: unknown): string {
  if (typeof v === 'string') return v;
  const join = (v as Obj)['Fn::Join'];
  if (join) return (join[1] as unknown[]).map((p) => (typeof p === 'string' ? p : 'X')).join(join[0]);
  return 'X';
}

function ingressesAtDelete(resources: Resources, workloads: string, ingresses: Obj[]): Obj[] {
  const at = JSON.parse(JSON.stringify(ingresses)) as Obj[];
  for (const [id, r] of Object.entries(resources)) {
    if (r.Type !== 'Custom::AWSCDK-EKS-KubernetesPatch' || !outlives(resources, id).has(workloads)) continue;
    const target = at.find((i) => `ingress/${i.metadata.name}` === r.Properties.ResourceName && i.metadata.namespace === r.Properties.ResourceNamespace);
    const restored = JSON.parse(literal(r.Properties.RestorePatchJson)).metadata?.annotations?.[ANNOTATION];
    if (target && restored !== undefined) target.metadata.annotations[ANNOTATION] = restored;
  }
  return at;
}

describe('cdk destroy: the deletion-protected ALB can still be deleted', () => {
  const { platform, template } = examplePlatform();
  const stack = platform.regionalStack('us-east-1');
  const resources = template(stack).toJSON().Resources as Resources;
  const workloads = Object.keys(resources).find((id) => resources[id].Type === 'Custom::AWSCDK-EKS-KubernetesResource' && id.includes('Workloads'))!;
  const ingresses = (stack.workloads!.toJson() as Obj[]).filter((o) => o.kind === 'Ingress');
  const patchId = Object.keys(resources).find((id) => resources[id].Type === 'Custom::AWSCDK-EKS-KubernetesPatch' && resources[id].Properties.ResourceName === 'ingress/api-gateway')!;

  test('while the stack lives, the gateway Ingress keeps protection on (a kubectl delete is refused)', () => {
    expect(deletionRefusal(ingresses)).toBe('deletion_protection is enabled, cannot delete the ingress: api-gateway');
    expect(JSON.parse(literal(resources[patchId].Properties.ApplyPatchJson)).metadata.annotations[ANNOTATION]).toContain('deletion_protection.enabled=true');
  });

  test('on delete the patch turns it off first, so the controller deletes the ALB', () => {
    expect(deletionRefusal(ingressesAtDelete(resources, workloads, ingresses))).toBeUndefined();
    const restored = ingressesAtDelete(resources, workloads, ingresses).find((i) => i.metadata.name === 'api-gateway')!;
    // Only deletion protection changes: the other attributes (access logs, headers) stay as they were.
    expect(restored.metadata.annotations[ANNOTATION].replace(/access_logs.s3.bucket=[^,]*/, ''))
      .toBe(ingresses[0].metadata.annotations[ANNOTATION].replace('deletion_protection.enabled=true', 'deletion_protection.enabled=false').replace(/access_logs.s3.bucket=[^,]*/, ''));
  });

  test('catches no release patch: the Ingress stays Terminating', () => {
    const copy: Resources = JSON.parse(JSON.stringify(resources));
    delete copy[patchId];
    expect(deletionRefusal(ingressesAtDelete(copy, workloads, ingresses))).toBe('deletion_protection is enabled, cannot delete the ingress: api-gateway');
  });

  test('catches a release patch deleted in parallel with the manifest (not depending on it)', () => {
    const copy: Resources = JSON.parse(JSON.stringify(resources));
    copy[patchId].DependsOn = [copy[patchId].DependsOn ?? []].flat().filter((d) => d !== workloads);
    expect(outlives(copy, patchId).has(workloads)).toBe(false);
    expect(deletionRefusal(ingressesAtDelete(copy, workloads, ingresses))).toBe('deletion_protection is enabled, cannot delete the ingress: api-gateway');
  });

  test('catches a restore patch that keeps protection on', () => {
    const copy: Resources = JSON.parse(JSON.stringify(resources));
    const p = copy[patchId].Properties;
    p.RestorePatchJson = p.ApplyPatchJson;
    expect(deletionRefusal(ingressesAtDelete(copy, workloads, ingresses))).toBe('deletion_protection is enabled, cannot delete the ingress: api-gateway');
  });
});
