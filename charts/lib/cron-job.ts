import { ApiObject, Cron, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { validateCronSchedule } from './cron-job-schedule';
import { applyRestrictedPatches, assertPinnedImage } from './security';
import { dnsLabelRule, PropChecks, timeZoneRule } from '../../lib/core/rules';

/** CPU in millicores and memory in MiB, for requests and limits (both required). */
export interface ContainerResources {
  readonly cpuRequestMillis: number;
  readonly cpuLimitMillis: number;
  readonly memoryRequestMiB: number;
  readonly memoryLimitMiB: number;
}

/** One container of a scheduled job. */
export interface CronJobContainer {
  /** Container name (DNS label). */
  readonly name: string;
  /** Pinned image `repository:tag` or `repository@sha256:…` (`latest` and missing tags are rejected). */
  readonly image: string;
  /** Entrypoint override. @default - the image's entrypoint */
  readonly command?: string[];
  /** Arguments. @default - none */
  readonly args?: string[];
  /** Requests and limits (required: PCI workloads never run unbounded). */
  readonly resources: ContainerResources;
  /** Plain environment variables (never secrets: use `secretEnv`). @default - none */
  readonly env?: Record<string, string>;
  /** Environment variables from Secret keys: name → { secret, key }. @default - none */
  readonly secretEnv?: Record<string, { readonly secretName: string; readonly key: string }>;
  /** Mounts of the job's volumes: volume name → mount path (read-only unless listed in `writableMounts`). @default - none */
  readonly mounts?: Record<string, string>;
  /** Volume names mounted read-write. @default - every mount is read-only */
  readonly writableMounts?: string[];
}

/** A volume of a scheduled job. */
export type CronJobVolume =
  | { readonly name: string; readonly emptyDir: { readonly sizeLimitMiB: number; /** `Memory`: tmpfs, never written to the node's disk. @default - node disk */ readonly medium?: 'Memory' } }
  | { readonly name: string; readonly configMap: { readonly name: string; readonly defaultMode?: number } };

/** Props of {@link PlatformCronJob}: the schedule, the job's limits and its (restricted) containers. */
export interface CronJobProps {
  /** Namespace of the CronJob. */
  readonly namespace: string;
  /** metadata.name of the CronJob (DNS label, ≤ 52 characters so Job names fit). */
  readonly name: string;
  /** Five-field cron expression (minute hour day-of-month month day-of-week), validated. */
  readonly schedule: string;
  /**
   * IANA time zone of the schedule (batch/v1 `spec.timeZone`).
   * @default 'Etc/UTC'
   */
  readonly timeZone?: string;
  /** @default kplus.ConcurrencyPolicy.FORBID */
  readonly concurrencyPolicy?: kplus.ConcurrencyPolicy;
  /** Retries of a failed job. @default 2 */
  readonly backoffLimit?: number;
  /** Hard time limit of one run, in seconds. @default 3600 */
  readonly activeDeadlineSeconds?: number;
  /** How late a missed run may still start, in seconds. @default 600 */
  readonly startingDeadlineSeconds?: number;
  /** Finished successful Jobs kept for inspection. Cannot be combined with `ttlSecondsAfterFinished`. @default 3 */
  readonly successfulJobsHistoryLimit?: number;
  /** Failed Jobs kept for inspection. Cannot be combined with `ttlSecondsAfterFinished`. @default 3 */
  readonly failedJobsHistoryLimit?: number;
  /**
   * Seconds after which a finished Job and its pods are deleted, instead of the history limits
   * (the TTL controller would otherwise delete Jobs the history limits mean to keep).
   * @default - no TTL; the history limits clean up
   */
  readonly ttlSecondsAfterFinished?: number;
  /** @default kplus.RestartPolicy.NEVER (a failed pod is kept for its logs; backoffLimit retries) */
  readonly restartPolicy?: kplus.RestartPolicy.NEVER | kplus.RestartPolicy.ON_FAILURE;
  /** ServiceAccount the pods run as (e.g. one bound to an IAM role through EKS Pod Identity). */
  readonly serviceAccountName: string;
  /** Containers run one after the other before `containers`. @default - none */
  readonly initContainers?: CronJobContainer[];
  /** The job's containers (at least one). */
  readonly containers: CronJobContainer[];
  /** @default - none */
  readonly volumes?: CronJobVolume[];
  /** Labels on the CronJob and its pods. @default - `app.kubernetes.io/name: <name>` */
  readonly labels?: Record<string, string>;
  /** UID/GID of every container (non-root). @default 10001 */
  readonly runAsUser?: number;
  /** Node selector of the pods. @default - none */
  readonly nodeSelector?: Record<string, string>;
  /** PriorityClass of the pods (`PlatformPriorityClasses`, the `batch` tier). @default - none (priority 0) */
  readonly priorityClassName?: string;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Returns the image reference after `assertPinnedImage` (tag not `latest`, or a digest). */
export function imageRef(image: string, prop: string): string {
  assertPinnedImage(image, prop);
  return image;
}

function nonNegativeInt(value: number | undefined, prop: string, min = 0): void {
  if (value !== undefined && (!Number.isInteger(value) || value < min)) {
    throw new Error(`${prop} must be an integer ≥ ${min}, got ${value}.`);
  }
}

function validateResources(r: ContainerResources, prop: string): void {
  for (const [key, v] of Object.entries(r)) {
    if (!Number.isInteger(v) || v <= 0) throw new Error(`${prop}.${key} must be a positive integer, got ${v}.`);
  }
  if (r.cpuLimitMillis < r.cpuRequestMillis) {
    throw new Error(`${prop}.cpuLimitMillis (${r.cpuLimitMillis}) is below cpuRequestMillis (${r.cpuRequestMillis}); raise the limit.`);
  }
  if (r.memoryLimitMiB < r.memoryRequestMiB) {
    throw new Error(`${prop}.memoryLimitMiB (${r.memoryLimitMiB}) is below memoryRequestMiB (${r.memoryRequestMiB}); raise the limit.`);
  }
}

/**
 * A scheduled job with the platform's defaults: concurrencyPolicy Forbid, bounded retries and run
 * time, history limits, TTL clean-up, pinned images, required requests/limits, and containers that
 * pass Pod Security "restricted" (non-root UID 10001, read-only root filesystem, no privilege
 * escalation, all capabilities dropped, seccomp RuntimeDefault). The ServiceAccount token is not
 * mounted; EKS Pod Identity injects its own projected token for AWS access.
 */
export class PlatformCronJob extends Construct {
  /** The underlying cdk8s-plus CronJob. */
  public readonly cronJob: kplus.CronJob;
  /** metadata.name of the CronJob. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: CronJobProps) {
    super(scope, id);
    const checks = new PropChecks('PlatformCronJob');
    checks.prop('name', props.name, dnsLabelRule('CronJob name (a suffix is added per Job)', 52));
    checks.prop('namespace', props.namespace, dnsLabelRule('namespace name'));
    checks.prop('serviceAccountName', props.serviceAccountName, dnsLabelRule('ServiceAccount name'));
    const timeZone = props.timeZone ?? 'Etc/UTC';
    checks.prop('timeZone', timeZone, timeZoneRule);
    checks.done();
    const [minute, hour, day, month, weekDay] = validateCronSchedule(props.schedule, 'schedule');
    nonNegativeInt(props.backoffLimit, 'backoffLimit');
    nonNegativeInt(props.activeDeadlineSeconds, 'activeDeadlineSeconds', 1);
    nonNegativeInt(props.startingDeadlineSeconds, 'startingDeadlineSeconds', 10);
    nonNegativeInt(props.successfulJobsHistoryLimit, 'successfulJobsHistoryLimit');
    nonNegativeInt(props.failedJobsHistoryLimit, 'failedJobsHistoryLimit');
    nonNegativeInt(props.ttlSecondsAfterFinished, 'ttlSecondsAfterFinished');
    nonNegativeInt(props.runAsUser, 'runAsUser', 1);
    if (props.ttlSecondsAfterFinished !== undefined && (props.successfulJobsHistoryLimit !== undefined || props.failedJobsHistoryLimit !== undefined)) {
      throw new Error('ttlSecondsAfterFinished cannot be combined with successfulJobsHistoryLimit/failedJobsHistoryLimit; '
        + 'the TTL would delete the Jobs the history limits keep. Set one or the other.');
    }
    const ttl = props.ttlSecondsAfterFinished;
    if (props.containers.length === 0) throw new Error('containers must hold at least one container.');
    const all = [...(props.initContainers ?? []), ...props.containers];
    const names = new Set<string>();
    const volumeNames = new Set((props.volumes ?? []).map((v) => v.name));
    for (const c of all) {
      if (!DNS_LABEL.test(c.name)) throw new Error(`container name '${c.name}' is not a DNS label.`);
      if (names.has(c.name)) throw new Error(`container name '${c.name}' is used twice; give every container a unique name.`);
      names.add(c.name);
      imageRef(c.image, `containers[${c.name}].image`);
      validateResources(c.resources, `containers[${c.name}].resources`);
      for (const v of [...Object.keys(c.mounts ?? {}), ...(c.writableMounts ?? [])]) {
        if (!volumeNames.has(v)) throw new Error(`containers[${c.name}].mounts names volume '${v}', which is not in volumes; add it to volumes.`);
      }
    }

    this.name = props.name;
    const labels = { 'app.kubernetes.io/name': props.name, ...props.labels };
    const uid = props.runAsUser ?? 10001;
    const volumes = new Map<string, kplus.Volume>();
    for (const v of props.volumes ?? []) {
      volumes.set(v.name, 'emptyDir' in v
        ? kplus.Volume.fromEmptyDir(this, `Volume-${v.name}`, v.name, {
          sizeLimit: Size.mebibytes(v.emptyDir.sizeLimitMiB), medium: v.emptyDir.medium === 'Memory' ? kplus.EmptyDirMedium.MEMORY : undefined,
        })
        : kplus.Volume.fromConfigMap(this, `Volume-${v.name}`, kplus.ConfigMap.fromConfigMapName(this, `ConfigMap-${v.name}`, v.configMap.name), {
          name: v.name, defaultMode: v.configMap.defaultMode ?? 0o555,
        }));
    }
    const toContainer = (c: CronJobContainer): kplus.ContainerProps => ({
      name: c.name,
      image: imageRef(c.image, `containers[${c.name}].image`),
      command: c.command,
      args: c.args,
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      resources: {
        cpu: { request: kplus.Cpu.millis(c.resources.cpuRequestMillis), limit: kplus.Cpu.millis(c.resources.cpuLimitMillis) },
        memory: { request: Size.mebibytes(c.resources.memoryRequestMiB), limit: Size.mebibytes(c.resources.memoryLimitMiB) },
      },
      envVariables: {
        ...Object.fromEntries(Object.entries(c.env ?? {}).map(([k, v]) => [k, kplus.EnvValue.fromValue(v)])),
        ...Object.fromEntries(Object.entries(c.secretEnv ?? {}).map(([k, s]) => [k, kplus.EnvValue.fromSecretValue({
          secret: kplus.Secret.fromSecretName(this, `Secret-${c.name}-${k}`, s.secretName), key: s.key,
        })])),
      },
      volumeMounts: Object.entries(c.mounts ?? {}).map(([v, path]) => ({
        path,
        volume: volumes.get(v)!,
        readOnly: !(c.writableMounts ?? []).includes(v),
      })),
      securityContext: {
        ensureNonRoot: true, user: uid, group: uid, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: false,
      },
    });

    this.cronJob = new kplus.CronJob(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels },
      podMetadata: { labels },
      schedule: Cron.schedule({ minute, hour, day, month, weekDay }),
      timeZone,
      concurrencyPolicy: props.concurrencyPolicy ?? kplus.ConcurrencyPolicy.FORBID,
      startingDeadline: Duration.seconds(props.startingDeadlineSeconds ?? 600),
      ...(ttl === undefined
        ? { successfulJobsRetained: props.successfulJobsHistoryLimit ?? 3, failedJobsRetained: props.failedJobsHistoryLimit ?? 3 }
        : { ttlAfterFinished: Duration.seconds(ttl) }),
      backoffLimit: props.backoffLimit ?? 2,
      activeDeadline: Duration.seconds(props.activeDeadlineSeconds ?? 3600),
      restartPolicy: props.restartPolicy ?? kplus.RestartPolicy.NEVER,
      serviceAccount: kplus.ServiceAccount.fromServiceAccountName(this, 'ServiceAccount', props.serviceAccountName),
      automountServiceAccountToken: false,
      securityContext: { ensureNonRoot: true, user: uid, group: uid, fsGroup: uid, fsGroupChangePolicy: kplus.FsGroupChangePolicy.ON_ROOT_MISMATCH },
      initContainers: (props.initContainers ?? []).map(toContainer),
      containers: props.containers.map(toContainer),
    });
    const obj = ApiObject.of(this.cronJob);
    const podSpec = '/spec/jobTemplate/spec/template/spec';
    applyRestrictedPatches(obj, podSpec, props.containers.length, props.initContainers?.length ?? 0);
    if (ttl !== undefined) {
      // kplus always writes its default history limits; with a TTL the TTL controller owns clean-up.
      obj.addJsonPatch(JsonPatch.remove('/spec/successfulJobsHistoryLimit'), JsonPatch.remove('/spec/failedJobsHistoryLimit'));
    }
    if (props.nodeSelector) obj.addJsonPatch(JsonPatch.add(`${podSpec}/nodeSelector`, props.nodeSelector));
    if (props.priorityClassName) obj.addJsonPatch(JsonPatch.add(`${podSpec}/priorityClassName`, props.priorityClassName));
  }
}
