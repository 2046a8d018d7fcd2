import * as fs from 'node:fs';
import * as path from 'node:path';
import { Testing } from 'cdk8s';
import { PaymentWorkloads } from '../../../charts/payment-workloads';
import { workloadsPropsFromConfig } from '../../../lib/stacks/workloads-props';
import { run, scratchDir, writeYaml } from '../../support/promtool';
import { resolvedExample, synth, type K8sObject } from '../core/helpers';
import { ALERT_CASES, type AlertCase } from './alert-cases';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = any;

function exampleChart(overrides: Parameters<typeof workloadsPropsFromConfig>[2] = {}): PaymentWorkloads {
  return new PaymentWorkloads(Testing.app(), 'verypay-prod-us-east-1', workloadsPropsFromConfig(resolvedExample(), 'us-east-1', overrides));
}

function ruleSpecs(chart: PaymentWorkloads): { name: string; spec: Obj }[] {
  return synth(chart).filter((o: K8sObject) => o.kind === 'PrometheusRule').map((o) => ({ name: o.metadata.name, spec: o.spec }));
}

/** The rules without annotations: `promtool test rules` compares annotations too, and these cases test expressions. */
function withoutAnnotations(spec: Obj): Obj {
  return { groups: spec.groups.map((g: Obj) => ({ ...g, rules: g.rules.map(({ annotations: _a, ...r }: Obj) => r) })) };
}

function promtoolTests(cases: readonly AlertCase[], ruleFile: string): Obj {
  return {
    rule_files: [ruleFile],
    evaluation_interval: '1m',
    tests: cases.map((c) => ({
      name: `${c.alert}: ${c.name}`,
      interval: c.interval ?? '1m',
      input_series: Object.entries(c.series).map(([series, values]) => ({ series, values })),
      alert_rule_test: [{ eval_time: c.at, alertname: c.alert, exp_alerts: c.fires.map((labels) => ({ exp_labels: labels })) }],
    })),
  };
}

/** Writes the rules (annotations stripped) and the cases, runs `promtool test rules`. */
function runCases(spec: Obj, cases: readonly AlertCase[] = ALERT_CASES): { status: number; output: string } {
  const dir = scratchDir('alert-rules-');
  writeYaml(dir, 'rules.yaml', withoutAnnotations(spec));
  const tests = writeYaml(dir, 'tests.yaml', promtoolTests(cases, 'rules.yaml'));
  return run('promtool', ['test', 'rules', tests], dir);
}

describe('PrometheusRules as behaviour (promtool)', () => {
  const chart = exampleChart();
  const [rules] = ruleSpecs(chart);

  test('promtool check rules accepts every PrometheusRule of every chart variant', () => {
    const variants = [chart, exampleChart({ blockchain: false }), exampleChart({ slo: { availability: 0.995, latency: 0.95, latencyThresholdSeconds: 1 } })];
    const dir = scratchDir('check-rules-');
    const files = variants.flatMap((c, i) => ruleSpecs(c).map((r) => writeYaml(dir, `${i}-${r.name}.yaml`, r.spec)));
    expect(files.length).toBe(3);
    const result = run('promtool', ['check', 'rules', ...files]);
    expect(result.output).not.toMatch(/FAILED|error/i);
    expect(result.status).toBe(0);
  });

  test('every alert has a case where it fires and one where it stays quiet', () => {
    const alerts = new Set(chart.node.findAll().flatMap((c) => (c as Obj).alertNames ?? []));
    expect(alerts.size).toBe(21);
    const missing = [...alerts].flatMap((a) => [
      ...(ALERT_CASES.some((c) => c.alert === a && c.fires.length > 0) ? [] : [`${a}: no firing case`]),
      ...(ALERT_CASES.some((c) => c.alert === a && c.fires.length === 0) ? [] : [`${a}: no quiet case`]),
    ]);
    expect(missing).toEqual([]);
    expect(ALERT_CASES.filter((c) => !alerts.has(c.alert)).map((c) => c.alert)).toEqual([]);
  });

  test('promtool test rules: every case passes', () => {
    const outcome = runCases(rules.spec);
    expect(outcome.output).toContain('SUCCESS');
    expect(outcome.status).toBe(0);
  });

  test('the cases catch a wrong threshold, a missing scope and a broken backup rule', () => {
    const broken = JSON.parse(JSON.stringify(rules.spec));
    const rule = (alert: string) => broken.groups.flatMap((g: Obj) => g.rules).find((r: Obj) => r.alert === alert);
    rule('HighErrorRate').expr = rule('HighErrorRate').expr.replace('> 0.05', '> 0.5');
    rule('PodCrashLooping').expr = rule('PodCrashLooping').expr.replace(/namespace=~"[^"]+", /, '');
    rule('PostgresBackupMissing').expr = rule('PostgresBackupMissing').expr.split('\nor')[0];
    rule('ApiAvailabilityBudgetBurnFast').expr = 'slo:sli_error:ratio_rate1h{slo="api-availability"} > 0.0144';
    const outcome = runCases(broken);
    expect(outcome.status).not.toBe(0);
    for (const alert of ['HighErrorRate', 'PodCrashLooping', 'PostgresBackupMissing', 'ApiAvailabilityBudgetBurnFast']) {
      expect(outcome.output).toContain(`alertname: ${alert},`);
    }
  });

  test('the alert templates render: one case against the rules with annotations', () => {
    const dir = scratchDir('alert-annotations-');
    writeYaml(dir, 'rules.yaml', rules.spec);
    const [c] = ALERT_CASES.filter((x) => x.alert === 'DatabaseConnectionPoolExhaustion' && x.fires.length > 0);
    const tests = promtoolTests([c], 'rules.yaml');
    tests.tests[0].alert_rule_test[0].exp_alerts[0].exp_annotations = {
      summary: 'More than 450 PostgreSQL connections',
      description: '460 connections are open (limit 450); new connections are about to be refused.',
    };
    const file = writeYaml(dir, 'tests.yaml', tests);
    const outcome = run('promtool', ['test', 'rules', file], dir);
    expect(outcome.output).toContain('SUCCESS');
    expect(fs.existsSync(path.join(dir, 'rules.yaml'))).toBe(true);
  });
});
