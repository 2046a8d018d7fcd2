import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import { DELETION_PROTECTION, formatAttributes, LOAD_BALANCER_ATTRIBUTES, parseAttributes } from '../../charts/lib/alb-group';

/** An Ingress of a chart whose load balancer is deletion-protected through its annotation. */
export interface ProtectedIngress {
  readonly name: string;
  readonly namespace: string;
  /** The `load-balancer-attributes` annotation as applied. */
  readonly attributes: string;
}

/** The Ingresses among a chart's objects (`chart.toJson()`) that set `deletion_protection.enabled=true`. */
export function protectedIngresses(manifests: readonly unknown[]): ProtectedIngress[] {
  type Obj = { kind?: string; metadata?: { name?: string; namespace?: string; annotations?: Record<string, string> } };
  return (manifests as readonly Obj[])
    .filter((o) => o.kind === 'Ingress' && parseAttributes(o.metadata?.annotations?.[LOAD_BALANCER_ATTRIBUTES] ?? '')[DELETION_PROTECTION] === 'true')
    .map((o) => ({ name: o.metadata!.name!, namespace: o.metadata!.namespace ?? 'default', attributes: o.metadata!.annotations![LOAD_BALANCER_ATTRIBUTES] }));
}

/**
 * Makes `cdk destroy` able to delete a deletion-protected ALB. The AWS Load Balancer Controller
 * refuses to delete an Ingress whose annotation says `deletion_protection.enabled=true` (the
 * Ingress stays Terminating, the ALB, its security groups and so the VPC stay), and proceeds once
 * the annotation says false, turning protection off on the ALB itself before deleting it.
 *
 * So each protected Ingress gets a `KubernetesPatch` that depends on the workloads manifest:
 * CloudFormation deletes it first, and its restore patch sets the annotation to `false` before the
 * manifest's delete removes the Ingress. While the stack exists, the patch re-applies the
 * annotation as the chart has it (protection on).
 */
export function releaseDeletionProtectionOnDelete(cluster: eks.ICluster, manifest: eks.KubernetesManifest, manifests: readonly unknown[]): Construct[] {
  return protectedIngresses(manifests).map((ing) => {
    const annotation = (enabled: boolean) => ({
      metadata: { annotations: { [LOAD_BALANCER_ATTRIBUTES]: formatAttributes({ ...parseAttributes(ing.attributes), [DELETION_PROTECTION]: String(enabled) }) } },
    });
    const patch = new eks.KubernetesPatch(manifest.node.scope as Construct, `ReleaseDeletionProtection-${ing.namespace}-${ing.name}`, {
      cluster,
      resourceName: `ingress/${ing.name}`,
      resourceNamespace: ing.namespace,
      patchType: eks.PatchType.MERGE,
      applyPatch: annotation(true),
      restorePatch: annotation(false),
    });
    patch.node.addDependency(manifest);
    return patch;
  });
}
