import type * as eks from 'aws-cdk-lib/aws-eks-v2';
import type * as kms from 'aws-cdk-lib/aws-kms';

/** Name of the default StorageClass. */
export const DEFAULT_STORAGE_CLASS = 'gp3';
/** Name of the Retain StorageClass for blockchain data (the seeds' `gp3-csi`). */
export const RETAIN_STORAGE_CLASS = 'gp3-csi';

/** The two EBS gp3 StorageClasses, encrypted with `key`, bound when the pod is scheduled. */
export function storageClassManifests(key: kms.IKey): Record<string, unknown>[] {
  const sc = (name: string, reclaimPolicy: 'Delete' | 'Retain', isDefault: boolean): Record<string, unknown> => ({
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: {
      name,
      annotations: { 'storageclass.kubernetes.io/is-default-class': String(isDefault) },
    },
    provisioner: 'ebs.csi.aws.com',
    parameters: { type: 'gp3', encrypted: 'true', kmsKeyId: key.keyArn, 'csi.storage.k8s.io/fstype': 'ext4' },
    reclaimPolicy,
    volumeBindingMode: 'WaitForFirstConsumer',
    allowVolumeExpansion: true,
  });
  return [sc(DEFAULT_STORAGE_CLASS, 'Delete', true), sc(RETAIN_STORAGE_CLASS, 'Retain', false)];
}

/** Applies the StorageClasses (they need no running driver: claims bind when the EBS CSI driver runs). */
export function addStorageClasses(cluster: eks.Cluster, key: kms.IKey): eks.KubernetesManifest {
  return cluster.addManifest('StorageClasses', ...storageClassManifests(key));
}
