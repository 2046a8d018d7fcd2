import { Chart, Testing } from 'cdk8s';
import { examplePlatformConfig } from '../../../bin/example-config';
import type { ResolvedPlatformConfig } from '../../../lib/config/platform-config';
import { resolvePlatformConfig } from '../../../lib/config/resolve';

/** A synthesized Kubernetes object (loosely typed for field assertions). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> }; [key: string]: any };

export function resolvedExample(): ResolvedPlatformConfig {
  return resolvePlatformConfig(examplePlatformConfig);
}

export function emptyChart(): Chart {
  return new Chart(Testing.app(), 'test');
}

export function synth(chart: Chart): K8sObject[] {
  return Testing.synth(chart) as K8sObject[];
}

/** The one object of that kind and name (and namespace); throws when missing or ambiguous. */
export function find(objects: K8sObject[], kind: string, name: string, namespace?: string): K8sObject {
  const hits = objects.filter((o) => o.kind === kind && o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace));
  if (hits.length !== 1) throw new Error(`expected one ${kind} '${name}'${namespace ? ` in ${namespace}` : ''}, found ${hits.length}`);
  return hits[0];
}

export function ofKind(objects: K8sObject[], kind: string): K8sObject[] {
  return objects.filter((o) => o.kind === kind);
}
