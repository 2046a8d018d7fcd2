import { ApiObject, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';

/**
 * Pod Security "restricted" building blocks shared by every workload of the charts.
 *
 * cdk8s-plus already defaults to runAsNonRoot, readOnlyRootFilesystem, no privilege escalation and
 * non-privileged containers, but it has no field for `seccompProfile` and drops no capabilities by
 * default, so both are set here (DESIGN.md §4).
 */

/** UID/GID every platform container runs as (≥ 1000, not a system account, not root). */
export const DEFAULT_RUN_AS_USER = 10001;

/** Pod Security admission levels. */
export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

/** The container security context of a "restricted" container, in cdk8s-plus terms. */
export function restrictedContainerSecurityContext(user: number = DEFAULT_RUN_AS_USER): kplus.ContainerSecurityContextProps {
  return {
    ensureNonRoot: true,
    user,
    group: user,
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: false,
    privileged: false,
  };
}

/** The pod security context of a "restricted" pod, in cdk8s-plus terms. */
export function restrictedPodSecurityContext(user: number = DEFAULT_RUN_AS_USER): kplus.PodSecurityContextProps {
  return { ensureNonRoot: true, user, group: user, fsGroup: user };
}

/**
 * Adds `seccompProfile: RuntimeDefault` to the pod security context, and `seccompProfile:
 * RuntimeDefault` plus `capabilities: { drop: [ALL] }` to every container (and init container) of a
 * pod template: the "restricted" fields cdk8s-plus cannot express (its `Capability` enum has no
 * `ALL`, and it has no seccomp field).
 *
 * @param obj the ApiObject of the workload (`ApiObject.of(deployment)`)
 * @param podSpecPath JSON pointer of the pod spec, e.g. `/spec/template/spec`
 * @param containers number of containers in the pod spec
 * @param initContainers number of init containers in the pod spec
 */
export function applyRestrictedPatches(obj: ApiObject, podSpecPath: string, containers: number, initContainers = 0): void {
  const profile = { type: 'RuntimeDefault' };
  obj.addJsonPatch(JsonPatch.add(`${podSpecPath}/securityContext/seccompProfile`, profile));
  const patchContainer = (path: string) => {
    obj.addJsonPatch(JsonPatch.add(`${path}/securityContext/seccompProfile`, profile));
    obj.addJsonPatch(JsonPatch.add(`${path}/securityContext/capabilities`, { drop: ['ALL'] }));
  };
  for (let i = 0; i < containers; i++) patchContainer(`${podSpecPath}/containers/${i}`);
  for (let i = 0; i < initContainers; i++) patchContainer(`${podSpecPath}/initContainers/${i}`);
}

/**
 * Throws unless `image` carries a pinned tag or digest: `repo:1.2.3` or `repo@sha256:…`.
 * `latest`, a missing tag and a registry port mistaken for a tag (`host:5000/repo`) are rejected.
 *
 * @param image the image reference
 * @param field the prop that holds it, named in the error
 */
export function assertPinnedImage(image: string, field: string): void {
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return;
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  const tag = colon >= 0 ? lastSegment.slice(colon + 1) : '';
  if (tag === '' || !/^[\w][\w.-]{0,127}$/.test(tag)) {
    throw new Error(`${field}: image '${image}' has no tag. Pin a release tag (e.g. '${image}:v1.2.3') or a digest (@sha256:…).`);
  }
  if (tag.toLowerCase() === 'latest') {
    throw new Error(`${field}: image '${image}' uses the mutable tag 'latest'. Pin a release tag (e.g. v1.2.3) or a digest so what is reviewed is what runs.`);
  }
}
