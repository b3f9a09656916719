// Applications: current version per environment with drift, last deployments; one application;
// one version (changes, migrations, upgrade history, delivery stats).

import {api, qs} from '../api.js';
import {h, clear, badge, table, section, fmtTime, fmtPct, fmtNum, fill} from '../dom.js';

const enc = encodeURIComponent;
export const itemsOf = page => (Array.isArray(page) ? page : page?.items ?? []);

/** Runs fn over items with at most `limit` at a time, results in order. */
async function mapLimit(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker));
  return out;
}

/**
 * The environment views of one application, six requests at a time (an application with hundreds of
 * environments stays under the caller's rate limit); a failing one becomes {error}.
 */
async function environmentViews(app) {
  const envs = app.environments ?? Object.keys(app.current ?? {});
  const views = await mapLimit(envs, 6, env =>
    api(`/api/v1/applications/${enc(app.name)}/environments/${enc(env)}`).catch(error => ({environment: env, error})));
  return Object.fromEntries(envs.map((env, i) => [env, views[i]]));
}

/** What the list says of an application in one environment: its current version and any drift. */
function listedView(app, env) {
  const current = (app.current ?? {})[env];
  const observed = (app.drift ?? {})[env];
  return {application: app.name, environment: env, currentVersion: current, drift: observed != null,
    observedVersion: observed};
}

function envCell(view) {
  if (!view || view.error) return h('span', {class: 'muted'}, '?');
  if (!view.currentVersion) return h('span', {class: 'muted'}, '—');
  return h('span', {},
    h('a', {href: `#/apps/${enc(view.application)}/versions/${enc(view.currentVersion)}`}, view.currentVersion),
    view.drift ? [' ', badge(`drift: runs ${view.observedVersion ?? '?'}`, 'warn')] : null);
}

export function deploymentRows(items, withApp = true) {
  return items.map(d => [
    h('a', {href: `#/deployments/${d.id}`}, d.id.slice(0, 8)),
    ...(withApp ? [d.application] : []),
    d.environment, d.version, d.strategy, badge(d.status),
    `${d.progress ?? 0} %`, d.requestedBy ?? '—', fmtTime(d.createdAt)]);
}

export const DEPLOYMENT_HEADERS = ['id', 'application', 'environment', 'version', 'strategy', 'status', 'progress', 'by', 'created'];

export async function applicationsView(view, _params, _query, ctx) {
  const [apps, deployments] = await Promise.all([
    api('/api/v1/applications?size=200').then(itemsOf),
    api('/api/v1/deployments?size=10').then(itemsOf).catch(e => e),
  ]);
  // one request for the whole table: the list carries each environment's current version and drift
  const envs = [...new Set(apps.flatMap(a => a.environments ?? Object.keys(a.current ?? {})))];
  const envViews = apps.map(a => Object.fromEntries(envs.map(env => [env, listedView(a, env)])));
  const drifting = apps.flatMap((a, i) => Object.values(envViews[i]).filter(v => v?.drift));

  fill(view, 
    h('h1', {}, 'Applications'),
    drifting.length ? h('div', {class: 'warning', role: 'status'}, h('strong', {}, 'Drift: '),
      drifting.map(v => `${v.application} in ${v.environment} is declared ${v.currentVersion} but runs ${v.observedVersion ?? '?'}`).join('; ')) : null,
    section('Current version per environment',
      table(['application', 'owner', ...envs], apps.map((a, i) => [
        h('a', {href: `#/apps/${enc(a.name)}`}, a.name), a.owner ?? '—',
        ...envs.map(env => (a.environments ?? []).includes(env) ? envCell(envViews[i][env]) : h('span', {class: 'muted'}, 'n/a'))]),
      'no applications registered yet (POST /api/v1/applications)')),
    section('Last deployments',
      deployments instanceof Error ? ctx.problemBox(deployments) : table(DEPLOYMENT_HEADERS, deploymentRows(deployments)),
      h('p', {}, h('a', {href: '#/deployments'}, 'all deployments →'))));
}

export async function applicationView(view, [name], _query, ctx) {
  const app = await api(`/api/v1/applications/${enc(name)}`);
  const [envViews, versions, deployments] = await Promise.all([
    environmentViews(app),
    api(`/api/v1/applications/${enc(name)}/versions?size=50`).then(itemsOf),
    api(`/api/v1/deployments${qs({application: name, size: 10})}`).then(itemsOf).catch(e => e),
  ]);
  const analysis = await api(`/api/v1/applications/${enc(name)}/analysis`).catch(e => e);
  fill(view, 
    h('h1', {}, app.name, ' ', h('small', {class: 'muted'}, app.description ?? '')),
    h('p', {class: 'muted'}, `owner ${app.owner ?? '—'} · registered ${fmtTime(app.createdAt)} by ${app.createdBy ?? '—'}`),
    section('Environments', table(['environment', 'current', 'since', 'observed', 'last good', 'previous', 'bad', ''],
      Object.entries(envViews).map(([env, v]) => v.error ? [env, ctx.problemBox(v.error)] : [
        env, envCell(v), fmtTime(v.currentSince), v.observedVersion ? `${v.observedVersion} (${v.observedBy})` : '—',
        v.lastGoodVersion ?? '—', (v.previousVersions ?? []).join(', ') || '—', (v.badVersions ?? []).join(', ') || '—',
        [h('a', {href: `#/metrics?application=${enc(name)}&environment=${enc(env)}`}, 'metrics'),
          v.currentVersion ? [' · ', h('a', {href: `#/promote${qs({application: name, version: v.currentVersion, from: env})}`}, 'promote…')] : null]]))),
    section('Versions', table(['version', 'name', 'released', 'changes', 'breaking', ''],
      versions.map(v => [
        h('a', {href: `#/apps/${enc(name)}/versions/${enc(v.version)}`}, v.version), v.name ?? '',
        v.releaseDate ?? (v.released ? 'yes' : 'no'), countsText(v.counts),
        v.breaking ? badge('breaking', 'bad') : '', h('a', {href: `#/deploy?application=${enc(name)}&version=${enc(v.version)}`}, 'deploy…')]),
      'no versions yet')),
    section('Last deployments', deployments instanceof Error ? ctx.problemBox(deployments)
      : table(DEPLOYMENT_HEADERS.filter(x => x !== 'application'), deploymentRows(deployments, false))),
    section('Analysis', analysis instanceof Error ? ctx.problemBox(analysis) : analysisView(analysis)));
}

/**
 * The rules that judge the application's versions (the global ones with its policy applied), each
 * with where it comes from and its mode, and the evidence a deployment step needs (the gate).
 */
function analysisView(a) {
  const effective = a.effective ?? {};
  const policy = a.policy;
  const gate = effective.gate;
  return [
    h('p', {class: 'muted'}, policy
      ? `application policy by ${policy.updatedBy ?? '—'} at ${fmtTime(policy.updatedAt)}; environments may have their own (PUT /api/v1/applications/${a.application}/analysis?environment=…)`
      : 'no policy of its own: the global rules and the default gate (PUT /api/v1/applications/{app}/analysis to change them)'),
    table(['rule', 'condition', 'action', 'mode', 'from'], (effective.rules ?? []).map(e => {
      const r = e.rule ?? {};
      return [r.id, r.enabled === false ? badge('disabled', 'neutral') : `${r.metric} ${r.comparator ?? '>'} ${fmtNum(r.threshold)} over ${r.window ?? '—'}`,
        r.action ?? '—', r.mode === 'dry-run' ? badge('dry-run', 'warn') : (r.mode ?? 'enforce'), e.source ?? '—'];
    }), 'no rules'),
    gate ? h('p', {}, h('strong', {}, 'step gate: '), `${fmtNum(gate.minRequests)} requests and ${gate.minIntervals} samples`
      + ` per step, waits up to ${gate.maxWait} then ${gate.onTimeout}, bake ${gate.bake}`,
      h('span', {class: 'muted'}, ` (${effective.gateSource ?? 'default'})`)) : null];
}

function countsText(counts) {
  if (!counts) return '—';
  return Object.entries(counts).filter(([, n]) => n).map(([k, n]) => `${n} ${k}`).join(', ') || 'none';
}

export async function versionView(view, [name, version], _query, ctx) {
  const [v, upgrades, stats] = await Promise.all([
    api(`/api/v1/applications/${enc(name)}/versions/${enc(version)}`),
    api(`/api/v1/applications/${enc(name)}/upgrades?size=20`).then(itemsOf).catch(e => e),
    api(`/api/v1/stats/delivery${qs({application: name})}`).catch(e => e),
  ]);
  fill(view, 
    h('h1', {}, h('a', {href: `#/apps/${enc(name)}`}, name), ' ', v.version, ' ', h('small', {class: 'muted'}, v.name ?? '')),
    h('p', {},
      v.breaking ? badge('breaking', 'bad') : badge('not breaking', 'good'), ' ',
      v.irreversibleMigration ? badge('irreversible migration', 'warn') : null, ' ',
      v.released ? badge('released', 'good') : badge('not released', 'neutral'), ' ',
      h('span', {class: 'muted'}, [v.releaseDate && `release date ${v.releaseDate}`, v.gitTag && `tag ${v.gitTag}`,
        v.commit && `commit ${v.commit}`, v.image && `image ${v.image}`].filter(Boolean).join(' · ')), ' ',
      h('a', {class: 'button', href: `#/deploy?application=${enc(name)}&version=${enc(v.version)}`}, 'Deploy this version')),
    section(`Changes (${countsText(v.counts)})`, table(['type', 'module', 'title', 'priority', 'impact', 'tests'],
      (v.changes ?? []).map(c => [badge(c.type, c.type === 'security' ? 'bad' : 'neutral'), c.module ?? '—', c.title,
        c.priority ?? '—', c.impact ?? '—', c.testStatus ?? '—']), 'no changes recorded')),
    section('Migrations', table(['id', 'store', 'description', 'reversible', 'down script'],
      (v.migrations ?? []).map(m => [m.id, m.store, m.description ?? '', m.reversible ? badge('reversible', 'good') : badge('irreversible', 'bad'),
        m.downScript ?? '—']), 'no migrations')),
    (v.apiChanges ?? []).length ? section('API changes', table(['endpoint', 'kind', 'note'],
      v.apiChanges.map(a => [h('code', {}, a.endpoint), badge(a.kind, a.kind === 'removed' ? 'bad' : 'neutral'), a.note ?? '']))) : null,
    section('Deployments of this version', upgradeTable(v.deployments ?? [])),
    section(`Upgrade history of ${name}`, upgrades instanceof Error ? ctx.problemBox(upgrades) : upgradeTable(upgrades)),
    section('Delivery stats (last 30 days)', stats instanceof Error ? ctx.problemBox(stats) : statsTable(stats)));
}

function upgradeTable(entries) {
  return table(['environment', 'from → to', 'status', 'kind', 'at', 'duration', 'operator', 'error / reason'],
    entries.map(u => [u.environment, `${u.from ?? '∅'} → ${u.version}`, badge(u.status), u.kind ?? '—', fmtTime(u.at),
      u.duration ?? '—', u.operator ?? '—', u.error ?? u.reason ?? '']), 'no upgrades yet');
}

function statsTable(stats) {
  return table(['environment', 'deployments', 'succeeded', 'failed', 'rolled back', 'success rate', 'change failure rate',
    'MTTR', 'per day', 'lead time'],
  (stats.targets ?? []).map(t => [t.environment, t.deployments, t.succeeded, t.failed, t.rolledBack,
    fmtPct(t.upgradeSuccessRate), fmtPct(t.changeFailureRate), t.meanTimeToRestore ?? '—', fmtNum(t.deploymentsPerDay, 2),
    t.meanLeadTime ?? '—']), 'no deployments in the range');
}
