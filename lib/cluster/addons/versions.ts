import { PROMETHEUS_NAMESPACE } from '../../config/naming';

/**
 * Every pinned add-on version of the cluster, in one place, for Kubernetes 1.35. Synth never asks
 * AWS or a Helm repository for "latest": upgrading an add-on is a reviewed change to this file.
 * Check with `aws eks describe-addon-versions --kubernetes-version 1.35 --addon-name <name>` and
 * `helm search repo <repo>/<chart> --versions` before bumping.
 */

/** EKS managed add-ons (name → version). */
export const EKS_ADDON_VERSIONS = {
  'vpc-cni': 'v1.21.1-eksbuild.3',
  coredns: 'v1.13.2-eksbuild.1',
  'kube-proxy': 'v1.35.0-eksbuild.2',
  'eks-pod-identity-agent': 'v1.3.10-eksbuild.3',
  'aws-ebs-csi-driver': 'v1.57.1-eksbuild.1',
  'amazon-cloudwatch-observability': 'v5.3.0-eksbuild.1',
} as const;

/** Names of the EKS managed add-ons installed by the cluster. */
export type EksAddonName = keyof typeof EKS_ADDON_VERSIONS;

/** A pinned Helm chart. */
export interface HelmChartPin {
  readonly chart: string;
  readonly repository: string;
  readonly version: string;
  readonly namespace: string;
  /** Release name. */
  readonly release: string;
}

/** Helm charts installed through the kubectl provider. */
export const HELM_CHARTS = {
  awsLoadBalancerController: {
    chart: 'aws-load-balancer-controller', repository: 'https://aws.github.io/eks-charts', version: '3.4.2',
    namespace: 'kube-system', release: 'aws-load-balancer-controller',
  },
  externalDns: {
    chart: 'external-dns', repository: 'https://kubernetes-sigs.github.io/external-dns/', version: '1.21.1',
    namespace: 'external-dns', release: 'external-dns',
  },
  externalSecrets: {
    chart: 'external-secrets', repository: 'https://charts.external-secrets.io', version: '2.9.0',
    namespace: 'external-secrets', release: 'external-secrets',
  },
  clusterAutoscaler: {
    chart: 'cluster-autoscaler', repository: 'https://kubernetes.github.io/autoscaler', version: '9.54.0',
    namespace: 'kube-system', release: 'cluster-autoscaler',
  },
  metricsServer: {
    chart: 'metrics-server', repository: 'https://kubernetes-sigs.github.io/metrics-server/', version: '3.13.0',
    namespace: 'kube-system', release: 'metrics-server',
  },
  kubePrometheusStack: {
    chart: 'kube-prometheus-stack', repository: 'https://prometheus-community.github.io/helm-charts', version: '88.2.0',
    namespace: PROMETHEUS_NAMESPACE, release: 'kube-prometheus-stack',
  },
} as const satisfies Record<string, HelmChartPin>;

/** Cluster Autoscaler image: its minor must equal the cluster's Kubernetes minor. */
export const CLUSTER_AUTOSCALER_IMAGE_TAG = 'v1.35.0';
