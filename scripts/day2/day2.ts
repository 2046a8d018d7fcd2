import { App } from 'aws-cdk-lib';
import { examplePlatformConfig } from '../../bin/example-config';
import type { PlatformConfig } from '../../lib/config/platform-config';
import { PaymentPlatform, type PaymentPlatformOptions } from '../../lib/stacks/payment-platform';
import { DAY2_CHANGES, type Day2Change } from './changes';
import { classify, type ResourceChange } from './classify';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const cdkJson = require('../../cdk.json') as { context: Record<string, unknown> };

/** The date the version guard uses, so the check is reproducible. */
export const DAY2_TODAY = new Date('2026-12-01T00:00:00Z');

/** Templates by stack name. */
export type Templates = ReadonlyMap<string, Record<string, unknown>>;

/**
 * Synthesizes the platform (no validation plugins: only the templates matter here); `configure`
 * may change the constructs before synth (tests re-introduce defects with it).
 */
export function synthTemplates(config: PlatformConfig, options: PaymentPlatformOptions = {}, configure?: (p: PaymentPlatform) => void): Templates {
  const app = new App({ context: { ...cdkJson.context }, builtinCloudFormationValidation: false });
  app.node.setContext('today', DAY2_TODAY.toISOString().slice(0, 10));
  const platform = new PaymentPlatform(app, config, { ...options });
  configure?.(platform);
  const assembly = app.synth();
  return new Map(assembly.stacks.map((s) => [s.stackName, s.template as Record<string, unknown>]));
}

/** The outcome of one change. */
export interface Day2Result {
  readonly change: string;
  readonly changes: readonly ResourceChange[];
  /** True when nothing is replaced that must not be. */
  readonly deploys: boolean;
}

/** Classifies every resource change between two synths. */
export function diffTemplates(before: Templates, after: Templates): ResourceChange[] {
  const names = [...new Set([...before.keys(), ...after.keys()])];
  return names.flatMap((n) => classify(n, (before.get(n) ?? {}) as never, (after.get(n) ?? {}) as never));
}

/** Runs one change against the baseline synth (or its own `from`). */
export function runChange(change: Day2Change, baseline: Templates, base: PlatformConfig = examplePlatformConfig): Day2Result {
  let before = change.from ? synthTemplates(change.from(base)) : baseline;
  if (change.before) before = new Map([...before].map(([k, t]) => [k, JSON.parse(change.before!(JSON.stringify(t)))]));
  const after = synthTemplates(change.config(change.from ? change.from(base) : base), change.options);
  const changes = diffTemplates(before, after);
  return { change: change.name, changes, deploys: changes.every((c) => !c.blocker) };
}

/** Runs every change of `DAY2_CHANGES`. */
export function runDay2(changes: readonly Day2Change[] = DAY2_CHANGES): Day2Result[] {
  const baseline = synthTemplates(examplePlatformConfig);
  return changes.map((c) => runChange(c, baseline));
}

function summarise(changes: readonly ResourceChange[], kinds: ResourceChange['kind'][]): string {
  const byType = new Map<string, number>();
  for (const c of changes.filter((x) => kinds.includes(x.kind))) byType.set(c.type.replace(/^AWS::/, ''), (byType.get(c.type.replace(/^AWS::/, '')) ?? 0) + 1);
  return [...byType].map(([t, n]) => `${n}× ${t}`).join(', ') || '—';
}

/** The day-2 table, Markdown. */
export function day2Table(results: readonly Day2Result[]): string {
  const rows = results.map((r) => {
    const blockers = r.changes.filter((c) => c.blocker).map((c) => `${c.stack}/${c.logicalId}: ${c.blocker}`);
    return `| ${r.change} | ${summarise(r.changes, ['update'])} | ${summarise(r.changes, ['replace', 'may-replace'])} | ` +
      `${summarise(r.changes, ['add'])} | ${summarise(r.changes, ['remove', 'orphan'])} | ${r.deploys ? 'yes' : `**no**: ${blockers.join('; ')}`} |`;
  });
  return ['| change | updated | replaced | added | removed | deploys |', '|---|---|---|---|---|---|', ...rows].join('\n');
}
