import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { CronJobProps, PlatformCronJob } from '../../../charts/lib/cron-job';
import { validateCronSchedule } from '../../../charts/lib/cron-job-schedule';
import { allFindings, Manifest } from '../../support/manifests';

/** Example: a nightly ledger reconciliation job as data for the generic construct. */
const RECONCILIATION: CronJobProps = {
  namespace: 'verypay-jobs',
  name: 'ledger-reconciliation',
  schedule: '30 1 * * MON-FRI',
  timeZone: 'America/New_York',
  serviceAccountName: 'reconciliation',
  containers: [{
    name: 'reconcile',
    image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/verypay/reconciler:2.4.1',
    args: ['--since=24h', '--report-bucket=verypay-reports'],
    resources: { cpuRequestMillis: 250, cpuLimitMillis: 1000, memoryRequestMiB: 256, memoryLimitMiB: 512 },
    env: { LOG_LEVEL: 'info' },
    secretEnv: { DATABASE_URL: { secretName: 'database-secret', key: 'url' } },
    mounts: { tmp: '/tmp' },
    writableMounts: ['tmp'],
  }],
  volumes: [{ name: 'tmp', emptyDir: { sizeLimitMiB: 128 } }],
};

/* eslint-disable @typescript-eslint/no-explicit-any */
function synth(props: Partial<CronJobProps> = {}): any[] {
  const chart = new Chart(Testing.app(), 'test');
  new PlatformCronJob(chart, 'Job', { ...RECONCILIATION, ...props });
  return Testing.synth(chart);
}
/* eslint-enable @typescript-eslint/no-explicit-any */

describe('PlatformCronJob (reconciliation example)', () => {
  const [cron] = synth();
  const job = cron.spec.jobTemplate.spec;
  const pod = job.template.spec;

  test('schedule, time zone and the safe defaults', () => {
    expect(cron.metadata).toMatchObject({ name: 'ledger-reconciliation', namespace: 'verypay-jobs' });
    expect(cron.spec).toMatchObject({
      schedule: '30 1 * * MON-FRI', timeZone: 'America/New_York', concurrencyPolicy: 'Forbid', startingDeadlineSeconds: 600,
      successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 3,
    });
    expect(job).toMatchObject({ backoffLimit: 2, activeDeadlineSeconds: 3600 });
    expect(job.ttlSecondsAfterFinished).toBeUndefined();
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.serviceAccountName).toBe('reconciliation');
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  test('container: pinned image, resources, env from values and secrets, restricted security', () => {
    const [c] = pod.containers;
    expect(c.image).toBe('123456789012.dkr.ecr.us-east-1.amazonaws.com/verypay/reconciler:2.4.1');
    expect(c.resources).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1000m', memory: '512Mi' } });
    expect(c.env).toEqual([
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'database-secret', key: 'url' } } },
    ]);
    expect(c.securityContext).toEqual({
      runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false,
      privileged: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(c.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp', readOnly: false }]);
  });

  test('passes every manifest check under Pod Security restricted', () => {
    const sa: Manifest = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'reconciliation', namespace: 'verypay-jobs' } };
    expect(allFindings([...synth(), sa], { namespaceLevels: { 'verypay-jobs': 'restricted' } })).toEqual([]);
  });

  test('snapshot', () => {
    expect(cron.spec).toMatchSnapshot();
  });

  test('TTL instead of history limits, OnFailure and a node selector', () => {
    const [c] = synth({ ttlSecondsAfterFinished: 3600, restartPolicy: kplus.RestartPolicy.ON_FAILURE, nodeSelector: { role: 'worker' } });
    expect(c.spec.jobTemplate.spec.ttlSecondsAfterFinished).toBe(3600);
    expect(c.spec.successfulJobsHistoryLimit).toBeUndefined();
    expect(c.spec.jobTemplate.spec.template.spec.restartPolicy).toBe('OnFailure');
    expect(c.spec.jobTemplate.spec.template.spec.nodeSelector).toEqual({ role: 'worker' });
  });
});

describe('validateCronSchedule', () => {
  test.each(['0 2 * * *', '*/15 * * * *', '0 0 1,15 * *', '0 9-17/2 * JAN-MAR mon', '59 23 31 12 7'])('accepts %s', (expr) => {
    expect(validateCronSchedule(expr)).toHaveLength(5);
  });

  test.each([
    ['0 2 * *', /schedule '0 2 \* \*' has 4 fields; give 5/],
    ['0 2 * * * *', /has 6 fields; give 5/],
    ['60 2 * * *', /minute value '60' is outside 0-59/],
    ['0 24 * * *', /hour value '24' is outside 0-23/],
    ['0 2 0 * *', /day-of-month value '0' is outside 1-31/],
    ['0 2 * 13 *', /month value '13' is outside 1-12/],
    ['0 2 * * 8', /day-of-week value '8' is outside 0-7/],
    ['0 2 * * FOO', /day-of-week value 'FOO' is outside 0-7/],
    ['0 5-2 * * *', /hour range '5-2' runs backwards/],
    ['*/0 * * * *', /minute step '0' must be between 1 and 59/],
    ['0 2 ? * *', /day-of-month item '\?' is not/],
    ['@daily', /is a macro; write the five fields/],
    ['CRON_TZ=UTC 0 2 * * *', /sets a time zone inline; Kubernetes rejects that — use the timeZone prop/],
  ])('rejects %s', (expr, message) => {
    expect(() => validateCronSchedule(expr)).toThrow(message);
  });
});

describe('PlatformCronJob fails when', () => {
  const c0 = RECONCILIATION.containers[0];
  test.each<[string, Partial<CronJobProps>, RegExp]>([
    ['the schedule is invalid', { schedule: '0 25 * * *' }, /schedule '0 25 \* \* \*': hour value '25'/],
    ['the name is too long', { name: 'x'.repeat(53) }, /Invalid PlatformCronJob props \(1 problem\):\n {2}- name: must be a Kubernetes CronJob name \(a suffix is added per Job\): at most 52/],
    ['the namespace is not a DNS label', { namespace: 'Jobs' }, /- namespace: must be a Kubernetes namespace name/],
    ['the service account is not a DNS label', { serviceAccountName: 'a_b' }, /- serviceAccountName: must be a Kubernetes ServiceAccount name/],
    ['the time zone is not an IANA name', { timeZone: 'UTC+2' }, /- timeZone: must be an IANA time zone name/],
    // The chart's own pattern accepted any Area/City shape; the shared rule knows the IANA database.
    ['the time zone is shaped like one but does not exist', { timeZone: 'Mars/Olympus' }, /- timeZone: must be an IANA time zone name/],
    ['the time zone is an ambiguous abbreviation', { timeZone: 'IST' }, /'IST' is an abbreviation/],
    ['backoffLimit is negative', { backoffLimit: -1 }, /backoffLimit must be an integer ≥ 0, got -1/],
    ['activeDeadlineSeconds is 0', { activeDeadlineSeconds: 0 }, /activeDeadlineSeconds must be an integer ≥ 1, got 0/],
    ['startingDeadlineSeconds is below 10', { startingDeadlineSeconds: 5 }, /startingDeadlineSeconds must be an integer ≥ 10, got 5/],
    ['history limit is fractional', { successfulJobsHistoryLimit: 1.5 }, /successfulJobsHistoryLimit must be an integer ≥ 0, got 1.5/],
    ['runAsUser is root', { runAsUser: 0 }, /runAsUser must be an integer ≥ 1, got 0/],
    ['TTL and history limits are combined', { ttlSecondsAfterFinished: 60, failedJobsHistoryLimit: 1 }, /ttlSecondsAfterFinished cannot be combined with successfulJobsHistoryLimit\/failedJobsHistoryLimit/],
    ['there is no container', { containers: [] }, /containers must hold at least one container/],
    ['a container name repeats', { initContainers: [{ ...c0 }] }, /container name 'reconcile' is used twice/],
    ['a container name is invalid', { containers: [{ ...c0, name: 'Reconcile' }] }, /container name 'Reconcile' is not a DNS label/],
    ['an image is not pinned', { containers: [{ ...c0, image: 'reconciler:latest' }] }, /containers\[reconcile\]\.image: image 'reconciler:latest' uses the mutable tag 'latest'/],
    ['a limit is below its request', { containers: [{ ...c0, resources: { ...c0.resources, memoryLimitMiB: 128 } }] }, /containers\[reconcile\]\.resources\.memoryLimitMiB \(128\) is below memoryRequestMiB \(256\)/],
    ['a CPU limit is below its request', { containers: [{ ...c0, resources: { ...c0.resources, cpuLimitMillis: 100 } }] }, /cpuLimitMillis \(100\) is below cpuRequestMillis \(250\)/],
    ['a resource is not positive', { containers: [{ ...c0, resources: { ...c0.resources, cpuRequestMillis: 0 } }] }, /containers\[reconcile\]\.resources\.cpuRequestMillis must be a positive integer, got 0/],
    ['a mount names a missing volume', { containers: [{ ...c0, mounts: { data: '/data' } }] }, /containers\[reconcile\]\.mounts names volume 'data', which is not in volumes/],
  ])('%s', (_name, overrides, message) => {
    expect(() => synth(overrides)).toThrow(message);
  });
});
