import type { ScalableWorkload } from './region-switch-steps';

/** A Kubernetes object as a chart renders it (`Chart.toJson()`). */
export interface RenderedObject {
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly spec?: { readonly scaleTargetRef?: { readonly kind?: string; readonly name?: string } };
}

/**
 * The warm-standby Deployments of a rendered workload chart: every Deployment that a
 * HorizontalPodAutoscaler scales. These are the services a standby region runs at its minimum and
 * a Region switch execution scales to the old region's capacity. StatefulSets (geth) run at full
 * size everywhere and CronJobs are not scaled.
 */
export function scalableWorkloads(manifests: readonly unknown[]): ScalableWorkload[] {
  const objects = manifests as readonly RenderedObject[];
  const deployments = new Set(objects.filter((o) => o.kind === 'Deployment').map((o) => `${o.metadata?.namespace}/${o.metadata?.name}`));
  return objects
    .filter((o) => o.kind === 'HorizontalPodAutoscaler' && o.spec?.scaleTargetRef?.kind === 'Deployment')
    .map((o) => ({ namespace: o.metadata!.namespace!, name: o.spec!.scaleTargetRef!.name!, hpaName: o.metadata!.name! }))
    .filter((w) => deployments.has(`${w.namespace}/${w.name}`))
    .sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
}
