/**
 * docs/prometheus-alerts.yml and docs/grafana-dashboard.json are usable as shipped: the rules pass promtool (and
 * their unit tests fire the alerts they should), the dashboard is Grafana's import format, and every expression
 * in either names only metrics a running Sieve (its API, with webhooks on, and a worker) actually exports.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createWorkerMetrics } from '../../src/ops/metrics';
import { startSieve } from '../helpers/sieve';

// A YAML parser already in node_modules (through jest's coverage tooling); the rules file needs nothing more.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require('js-yaml') as { load(text: string): unknown };

const root = join(__dirname, '..', '..');
const ALERTS = join(root, 'docs', 'prometheus-alerts.yml');
const DASHBOARD = join(root, 'docs', 'grafana-dashboard.json');
const promtool = spawnSync('promtool', ['--version'], { stdio: 'ignore' }).status === 0;

/** Metric names an expression reads: every identifier that is not a function, keyword, label or duration. */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\$\w+/g, ' ');
  const names = [...bare.matchAll(/(?<![\w.:])([a-zA-Z_:][\w:]*)(?![\w:])(?!\s*\()/g)].map((m) => m[1]!);
  const keywords = new Set(['and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan']);
  return names.filter((n) => !keywords.has(n.toLowerCase()));
}

/** Every series name a Prometheus text exposition declares (`# TYPE`; a histogram as its _bucket/_sum/_count). */
function exposedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    if (type === 'histogram') ['_bucket', '_sum', '_count'].forEach((s) => names.add(name + s));
    else if (type === 'summary') [name, `${name}_sum`, `${name}_count`].forEach((n) => names.add(n!));
    else names.add(name!);
  }
  return names;
}

let exported: Set<string>;

beforeAll(async () => {
  const sieve = await startSieve({ WEBHOOK_URL: 'http://127.0.0.1:9/hook', WEBHOOK_SECRET: 'docs-test-secret-0123456789' });
  try {
    const api = await sieve.request('GET', '/metrics');
    const worker = await createWorkerMetrics().registry.metrics();
    // `up` is Prometheus's own series for each scrape target.
    exported = new Set([...exposedNames(String(api.body)), ...exposedNames(worker), 'up']);
  } finally {
    await sieve.close();
  }
});

interface Rule { alert?: string; record?: string; expr: string; for?: string; labels?: Record<string, string>; annotations?: Record<string, string> }

const rules = (): Rule[] =>
  ((yaml.load(readFileSync(ALERTS, 'utf8')) as { groups: { name: string; rules: Rule[] }[] }).groups).flatMap((g) => g.rules);

(promtool ? it : it.skip)('the alert rules pass `promtool check rules` and their unit tests', () => {
  const check = spawnSync('promtool', ['check', 'rules', ALERTS], { encoding: 'utf8' });
  expect(check.stdout + check.stderr).toContain('SUCCESS');
  expect(check.status).toBe(0);
  const unit = spawnSync('promtool', ['test', 'rules', join(__dirname, 'prometheus-alerts.promtool.yml')], { encoding: 'utf8' });
  expect({ status: unit.status, out: unit.stdout + unit.stderr }).toEqual({ status: 0, out: expect.stringContaining('SUCCESS') });
});

it('the alert rules cover the backlog, old review items, webhook failures, idle workers and a down API', () => {
  const all = rules();
  expect(all.map((r) => r.alert)).toEqual(expect.arrayContaining([
    'SieveApiDown', 'SieveNoWorkerScoring', 'SieveScoringBacklogGrowing', 'SieveScoringBacklogOld', 'SieveReviewItemTooOld',
    'SieveWebhookDeliveriesFailing',
  ]));
  for (const r of all) {
    expect({ alert: r.alert, summary: typeof r.annotations?.summary, severity: typeof r.labels?.severity }).toEqual({ alert: r.alert, summary: 'string', severity: 'string' });
  }
});

it('every alert expression names only metrics Sieve exports', () => {
  for (const r of rules()) {
    const names = metricNames(r.expr);
    expect({ alert: r.alert, some: names.length > 0 }).toEqual({ alert: r.alert, some: true });
    expect({ alert: r.alert, unknown: names.filter((n) => !exported.has(n)) }).toEqual({ alert: r.alert, unknown: [] });
  }
});

it('the dashboard is an importable Grafana dashboard whose every panel reads metrics Sieve exports', () => {
  const dash = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
    __inputs: { name: string; type: string; pluginId: string }[]; title: string; uid: string; schemaVersion: number;
    panels: { id: number; type: string; title: string; gridPos: { h: number; w: number; x: number; y: number }; datasource?: { uid: string }; targets?: { expr: string; refId: string }[] }[];
  };
  expect(dash.__inputs).toEqual([expect.objectContaining({ name: 'DS_PROMETHEUS', type: 'datasource', pluginId: 'prometheus' })]);
  expect(dash).toMatchObject({ title: 'Sieve', uid: expect.any(String), schemaVersion: expect.any(Number) });
  expect(new Set(dash.panels.map((p) => p.id)).size).toBe(dash.panels.length);
  const graphs = dash.panels.filter((p) => p.type !== 'row');
  expect(graphs.length).toBeGreaterThanOrEqual(10);
  const read = new Set<string>();
  for (const p of graphs) {
    expect({ title: p.title, ds: p.datasource?.uid, targets: (p.targets ?? []).length > 0 }).toEqual({ title: p.title, ds: '${DS_PROMETHEUS}', targets: true });
    expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
    for (const t of p.targets!) {
      const names = metricNames(t.expr);
      expect({ panel: p.title, some: names.length > 0, unknown: names.filter((n) => !exported.has(n)) }).toEqual({ panel: p.title, some: true, unknown: [] });
      names.forEach((n) => read.add(n));
    }
  }
  // The operator's gauges and the existing throughput and latency metrics are all on the dashboard.
  for (const name of [
    'sieve_review_items', 'sieve_review_oldest_comment_age_seconds', 'sieve_scoring_backlog_jobs', 'sieve_scoring_oldest_waiting_age_seconds',
    'sieve_scoring_workers', 'sieve_webhook_queue_jobs', 'sieve_comments_accepted_total', 'sieve_verdicts', 'sieve_scoring_latency_seconds_bucket',
  ]) expect(read).toContain(name);
});

it('metricNames reads PromQL the way the checks above rely on', () => {
  expect(metricNames('sum(max by (verdict) (delta(sieve_verdicts{verdict="x"}[10m]))) == 0 or up{job="a"} offset 5m')).toEqual(['sieve_verdicts', 'up']);
  expect(metricNames('histogram_quantile(0.95, sum by (le) (rate(sieve_x_bucket[$__rate_interval])))')).toEqual(['sieve_x_bucket']);
  expect(metricNames('max(sieve_a) > 1e3 and max(delta(sieve_b[15m])) > 0')).toEqual(['sieve_a', 'sieve_b']);
});
