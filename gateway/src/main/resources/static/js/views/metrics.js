// Metrics of one target: per-version charts (error rate, 5xx, p95) with canary against baseline,
// the canary judge's comparison, and the state of every rule per version — repainted every few
// seconds while it is shown, so a canary's breach and its rollback are seen as they happen.

import {api, qs} from '../api.js';
import {h, clear, badge, table, section, fmtTime, fmtNum, fmtPct, add, fill} from '../dom.js';
import {lineChart} from '../chart.js';
import {itemsOf} from './applications.js';

const enc = encodeURIComponent;
const CHARTS = [
  {metric: 'errorRate', title: 'Error rate', unit: ' %', scale: 100, rule: 'errorRate'},
  {metric: 'http5xxPerMinute', title: '5xx per minute', unit: '', scale: 1, rule: 'http5xxPerMinute'},
  {metric: 'latencyP95Ms', title: 'p95 latency', unit: ' ms', scale: 1, rule: 'latencyP95Ms'},
];
const RANGES = {PT30M: 30, PT2H: 120, PT12H: 720, P1D: 1440};
/** how often the shown target is read again (rule states move with every sample; the charts per minute) */
const REFRESH_MS = 5000;

export async function metricsView(view, _params, query, ctx) {
  const apps = itemsOf(await api('/api/v1/applications?size=200'));
  const application = query.get('application') ?? apps[0]?.name;
  const app = apps.find(a => a.name === application);
  const environment = query.get('environment') ?? Object.keys(app?.current ?? {})[0] ?? app?.environments?.[0];
  const range = RANGES[query.get('range')] ? query.get('range') : 'PT30M';

  const pick = (name, options, value) => {
    const el = h('select', {name, id: `m-${name}`}, options.map(o => h('option', {value: o, selected: o === value}, o)));
    el.addEventListener('change', () => ctx.go(`#/metrics${qs({application, environment, range, [name]: el.value,
      ...(name === 'application' ? {environment: undefined} : {})})}`));
    return h('label', {class: 'field'}, h('span', {}, name), el);
  };
  fill(view, h('h1', {}, 'Metrics'),
    h('div', {class: 'row'}, pick('application', apps.map(a => a.name), application),
      pick('environment', app?.environments ?? [], environment), pick('range', Object.keys(RANGES), range)));
  if (!application || !environment) {
    add(view, h('p', {class: 'muted'}, 'no application registered yet'));
    return;
  }

  const live = h('div', {});
  add(view, live);
  let timer = null;
  let left = false;
  ctx.onLeave(() => { left = true; clearTimeout(timer); });
  const paint = async () => {
    let nodes;
    try {
      nodes = await targetNodes(application, environment, range, query, ctx);
    } catch (err) {
      nodes = [ctx.problemBox(err)];
    }
    if (left) return;
    fill(live, h('p', {class: 'muted', id: 'm-updated'}, `live: read at ${new Date().toLocaleTimeString()}, again every ${REFRESH_MS / 1000} s`),
      ...nodes);
    timer = setTimeout(paint, REFRESH_MS);
  };
  await paint();
}

/** The target's charts, comparison and rule states, read now. */
async function targetNodes(application, environment, range, query, ctx) {
  let health;
  try {
    health = await api(`/api/v1/metrics/health${qs({application, environment})}`);
  } catch (err) {
    return [err.status === 404 ? h('p', {class: 'muted'}, `no live samples for ${application} in ${environment} yet`) : ctx.problemBox(err)];
  }
  // oldest first: the first is the baseline, the newest the canary
  const versions = [...(health.versions ?? [])].sort((a, b) => Date.parse(a.firstSeen) - Date.parse(b.firstSeen));
  const baseline = query.get('baseline') ?? versions[0]?.version;
  const canary = query.get('canary') ?? versions.at(-1)?.version;

  const to = new Date();
  const from = new Date(to.getTime() - RANGES[range] * 60000);
  const step = RANGES[range] > 180 ? `PT${Math.ceil(RANGES[range] / 120)}M` : 'PT1M';
  const rules = itemsOf(await api('/api/v1/rules?size=200').catch(() => []));
  const seriesOf = (c, v) => api(`/api/v1/metrics/series${qs({application, environment, version: v.version,
    metric: c.metric, from: from.toISOString(), to: to.toISOString(), step})}`).then(r => r.points ?? []).catch(() => []);
  // series[chart][version]
  const series = await Promise.all(CHARTS.map(c => Promise.all(versions.map(v => seriesOf(c, v)))));

  const charts = h('div', {class: 'charts'}, CHARTS.map((c, i) => {
    const threshold = rules.find(r => r.metric === c.rule && r.enabled !== false)?.threshold;
    return lineChart(versions.map((v, j) => ({
      name: `${v.version}${v.version === canary && versions.length > 1 ? ' (canary)' : v.version === baseline && versions.length > 1 ? ' (baseline)' : ''}`,
      dashed: v.version === baseline && versions.length > 1,
      points: series[i][j].filter(p => p.value !== null && p.value !== undefined)
        .map(p => ({time: p.time, value: p.value * c.scale})),
    })), {title: c.title, unit: c.unit, threshold: threshold === undefined ? undefined : threshold * c.scale});
  }));

  let comparison = null;
  if (baseline && canary && baseline !== canary) {
    try {
      const cmp = await api(`/api/v1/metrics/compare${qs({application, environment, baseline, canary})}`);
      comparison = section(`Canary ${canary} vs baseline ${baseline}: `,
        table(['metric', 'verdict', 'baseline', 'canary', 'statistic', 'p-value', 'effect size', 'intervals'],
          (cmp.metrics ?? []).map(m => [m.metric, badge(m.verdict), fmtNum(m.baselineValue, 4), fmtNum(m.canaryValue, 4),
            m.statistic ?? '—', fmtNum(m.pValue, 5), fmtNum(m.effectSize, 2), `${m.baselineIntervals ?? '—'} / ${m.canaryIntervals ?? '—'}`])));
      add(comparison.querySelector('h2'), badge(cmp.verdict));
    } catch (err) {
      comparison = section('Canary vs baseline', ctx.problemBox(err));
    }
  }

  return [
    section(`${application} in ${environment}, last ${range.slice(2).toLowerCase()}`, charts),
    comparison,
    section('Rule states per version', versions.length ? versions.map(v => h('div', {class: 'version-rules'},
      h('h3', {}, v.version, ' ', badge(v.status), ' ', h('small', {class: 'muted'}, `first seen ${fmtTime(v.firstSeen)}, last sample ${fmtTime(v.lastSampleAt)}`)),
      table(['rule', 'condition', 'action', 'state', 'value', 'samples', 'since', 'judge'],
        (v.rules ?? []).map(r => [r.rule, h('code', {}, r.condition ?? r.metric), r.action, badge(r.status),
          r.metric === 'errorRate' ? fmtPct(r.value) : fmtNum(r.value), r.samples ?? '—', fmtTime(r.breachedSince),
          r.verdict ? `${r.verdict} (p=${fmtNum(r.pValue, 5)})` : '—'])))) : h('p', {class: 'muted'}, 'no versions')),
  ];
}
