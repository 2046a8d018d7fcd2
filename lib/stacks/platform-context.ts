import { Annotations, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { PlatformConfigError } from '../config/errors';
import type { ResolvedPlatformConfig } from '../config/platform-config';
import { configWarnings } from '../config/plausibility';

/**
 * What `PaymentPlatform` reads besides the configuration: the `today` context key and the
 * configuration's warnings with their acknowledgements.
 */

/** Context key of the date the support-window guards (Kubernetes, Kafka versions) compare with: `cdk synth -c today=2026-11-22`. */
export const TODAY_CONTEXT_KEY = 'today';

/** The `today` context value as a date (UTC midnight), or the current date when not given. */
export function contextDate(scope: IConstruct): Date {
  const value: unknown = scope.node.tryGetContext(TODAY_CONTEXT_KEY);
  if (value === undefined) return new Date();
  const m = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!date || date.toISOString().slice(0, 10) !== value) {
    throw new PlatformConfigError([{ field: `context.${TODAY_CONTEXT_KEY}`, value, message: "must be a date 'YYYY-MM-DD', e.g. -c today=2026-11-22 (or be omitted for the current date)" }], 'context');
  }
  return date;
}

/**
 * Acknowledges the warnings the configuration lists (`acknowledgedWarnings`), with their reasons,
 * for every construct under `scope`: the configuration's plausibility warnings and the
 * constructs' warnings (one registry, `PLATFORM_WARNINGS`).
 */
export function acknowledgeWarnings(scope: IConstruct, cfg: ResolvedPlatformConfig): void {
  // Acknowledgements are kept per stack: acknowledge in each (this also removes warnings already given).
  const stacks = scope.node.findAll().filter((c) => Stack.isStack(c));
  for (const ack of cfg.acknowledgedWarnings) {
    for (const stack of stacks) Annotations.of(stack).acknowledgeWarning(ack.id, ack.reason);
  }
}

/** Reports the configuration's plausibility warnings on `stack` (the global stack: they concern every region). */
export function reportConfigWarnings(stack: IConstruct, cfg: ResolvedPlatformConfig): void {
  for (const w of configWarnings(cfg)) Annotations.of(stack).addWarningV2(w.id, `${w.field}: ${w.message}`);
}

type Thresholds = NonNullable<ResolvedPlatformConfig['alarms']['thresholds']>;

/** A region's alarm thresholds: its own (`regions[].alarmThresholds`) over the platform's, per alarm group. */
export function regionThresholds(platform: Thresholds | undefined, region: Thresholds | undefined): Thresholds {
  const groups = ['database', 'cache', 'kafka', 'edge'] as const;
  return Object.fromEntries(groups.map((g) => [g, { ...platform?.[g], ...region?.[g] }])) as Thresholds;
}
