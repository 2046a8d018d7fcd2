/**
 * The objects the platform's pods and add-ons reference that neither the charts nor the stacks
 * create: Kubernetes and EKS create each of them in every cluster, so they are prerequisites the
 * platform declares rather than builds. Everything else a pod references (ConfigMaps, Secrets,
 * ServiceAccounts, StorageClasses, PriorityClasses, SecretStores) is created by the workloads
 * chart or the cluster stack; the reference-integrity test checks that for every region of the
 * example and the seed catalogs. The README ("What a pod may reference") lists these.
 */

/** One object the cluster provides. `namespace`: `''` cluster-scoped, `'*'` in every namespace. */
export interface ClusterPrerequisite {
  readonly kind: 'Namespace' | 'ServiceAccount' | 'ConfigMap' | 'PriorityClass';
  readonly name: string;
  readonly namespace: string;
  /** Who creates it. */
  readonly createdBy: string;
}

/** The declared prerequisites (all created by Kubernetes itself; nothing for the user to create). */
export const CLUSTER_PREREQUISITES: readonly ClusterPrerequisite[] = [
  { kind: 'Namespace', name: 'default', namespace: '', createdBy: 'the API server' },
  { kind: 'Namespace', name: 'kube-system', namespace: '', createdBy: 'the API server' },
  { kind: 'Namespace', name: 'kube-public', namespace: '', createdBy: 'the API server' },
  { kind: 'Namespace', name: 'kube-node-lease', namespace: '', createdBy: 'the API server' },
  { kind: 'ServiceAccount', name: 'default', namespace: '*', createdBy: 'the ServiceAccount controller, in every namespace' },
  { kind: 'ConfigMap', name: 'kube-root-ca.crt', namespace: '*', createdBy: 'the root CA publisher, in every namespace (the projected service-account token volume mounts it)' },
  { kind: 'PriorityClass', name: 'system-cluster-critical', namespace: '', createdBy: 'the API server' },
  { kind: 'PriorityClass', name: 'system-node-critical', namespace: '', createdBy: 'the API server' },
];
