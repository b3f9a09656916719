// Deploy: the form, one deployment with progress, live log (SSE) and controls, and the history.

import {api, post, qs, ApiError} from '../api.js';
import {followEvents} from '../sse.js';
import {h, clear, badge, table, section, fmtTime, fmtNum, add, fill} from '../dom.js';
import {splitBar, lineChart} from '../chart.js';
import {itemsOf, deploymentRows, DEPLOYMENT_HEADERS} from './applications.js';

const enc = encodeURIComponent;
const ACTIVE = ['PENDING', 'RUNNING', 'PAUSED'];

export function field(label, control, hint) {
  return h('label', {class: 'field'}, h('span', {}, label), control, hint ? h('small', {class: 'muted'}, hint) : null);
}

export function select(name, options, value) {
  return h('select', {name, id: name}, options.map(o => h('option', {value: o, selected: o === value}, o)));
}

/** "10, 50, 100" → [10, 50, 100]; anything else is left for the server to judge (400 names the field). */
export function parseSteps(text) {
  return text.split(/[\s,]+/).filter(Boolean).map(t => (/^\d+$/.test(t) ? Number(t) : t));
}

export async function deployFormView(view, _params, query, ctx) {
  const apps = itemsOf(await api('/api/v1/applications?size=200'));
  const form = h('form', {class: 'card deploy-form', id: 'deploy-form'});
  const result = h('div');
  const appSelect = select('application', apps.map(a => a.name), query.get('application') ?? apps[0]?.name);
  const envSlot = h('span');
  const versionSlot = h('span');
  const strategy = select('strategy', ['canary', 'rolling', 'blue-green'], query.get('strategy') ?? 'canary');
  const steps = h('input', {name: 'steps', id: 'steps', value: '10, 50, 100'});
  const pause = h('input', {name: 'pause', id: 'pause', value: 'PT5S', placeholder: 'PT30S or manual'});
  const canaryBox = h('fieldset', {}, h('legend', {}, 'Canary'),
    field('steps (%)', steps, 'strictly increasing, ending at 100'),
    field('pause at each step', pause, 'ISO-8601 duration, or "manual": each step waits for Promote'));
  const executor = select('executor', ['simulated', 'script'], 'simulated');
  const skipBuild = h('input', {type: 'checkbox', name: 'skipBuild'});
  const skipMigration = h('input', {type: 'checkbox', name: 'skipMigration'});
  const description = h('input', {name: 'description', id: 'description', size: 40});
  const hotfix = h('input', {type: 'checkbox', name: 'hotfix', id: 'hotfix'});
  const hotfixReason = h('input', {name: 'reason', id: 'hotfix-reason', size: 40, placeholder: 'why it cannot wait'});
  // local time in the browser, sent as UTC
  const scheduledAt = h('input', {type: 'datetime-local', name: 'scheduledAt', id: 'scheduled-at'});

  async function fillTargets() {
    const app = apps.find(a => a.name === appSelect.value);
    fill(envSlot, select('environment', app?.environments ?? ['production'], query.get('environment') ?? 'staging'));
    const versions = app ? itemsOf(await api(`/api/v1/applications/${enc(app.name)}/versions?size=100`).catch(() => [])) : [];
    const input = h('input', {name: 'version', id: 'version', list: 'version-list', value: query.get('version') ?? versions[0]?.version ?? '', required: true});
    fill(versionSlot, input, h('datalist', {id: 'version-list'}, versions.map(v => h('option', {value: v.version}))));
  }
  appSelect.addEventListener('change', fillTargets);
  strategy.addEventListener('change', () => { canaryBox.hidden = strategy.value !== 'canary'; });
  await fillTargets();
  canaryBox.hidden = strategy.value !== 'canary';

  add(form, 
    h('div', {class: 'row'}, field('application', appSelect), field('environment', envSlot), field('version', versionSlot)),
    h('div', {class: 'row'}, field('strategy', strategy), field('executor', executor)),
    canaryBox,
    h('fieldset', {}, h('legend', {}, 'Options'),
      h('label', {}, skipBuild, ' skip build'), ' ', h('label', {}, skipMigration, ' skip migration'), ' ',
      field('description', description)),
    h('fieldset', {}, h('legend', {}, 'Release'),
      field('start at (your local time; empty: now)', scheduledAt),
      h('label', {}, hotfix, ' hotfix'), ' ', field('hotfix reason', hotfixReason, 'a hotfix may deploy in a freeze window, after an admin approval')),
    h('button', {type: 'submit', id: 'deploy-submit'}, 'Start deployment'), result);

  form.addEventListener('submit', async e => {
    e.preventDefault();
    const data = new FormData(form);
    const body = {
      application: data.get('application'), environment: data.get('environment'), version: data.get('version'),
      strategy: strategy.value, executor: executor.value,
      options: {skipBuild: skipBuild.checked, skipMigration: skipMigration.checked, description: description.value || undefined},
    };
    if (hotfix.checked) Object.assign(body, {hotfix: true, reason: hotfixReason.value.trim() || undefined});
    if (scheduledAt.value) {
      const at = new Date(scheduledAt.value);
      body.scheduledAt = isNaN(at) ? scheduledAt.value : at.toISOString();
    }
    if (strategy.value === 'canary') body.canary = {steps: parseSteps(steps.value), pause: pause.value.trim() || 'manual'};
    fill(result, h('p', {class: 'muted'}, 'starting…'));
    try {
      const deployment = await post('/api/v1/deployments', body);
      ctx.go(`#/deployments/${deployment.id}`);
    } catch (err) {
      fill(result, ctx.problemBox(err));
    }
  });
  fill(view, h('h1', {}, 'Deploy'), form);
}

export async function deploymentsView(view, _params, query, ctx) {
  const filters = {application: query.get('application'), environment: query.get('environment'), status: query.get('status')};
  const page = await api(`/api/v1/deployments${qs({...filters, size: 50})}`);
  const statusFilter = select('status', ['', 'PENDING', 'RUNNING', 'PAUSED', 'SUCCEEDED', 'FAILED', 'CANCELLED'], filters.status ?? '');
  statusFilter.addEventListener('change', () => ctx.go(`#/deployments${qs({...filters, status: statusFilter.value})}`));
  fill(view, h('h1', {}, 'Deployments'),
    h('p', {}, field('status', statusFilter), ' ', h('span', {class: 'muted'}, `${page.total ?? itemsOf(page).length} in all`)),
    section('History', table(DEPLOYMENT_HEADERS, deploymentRows(itemsOf(page)))));
}

export async function deploymentView(view, [id], _query, ctx) {
  let deployment = await api(`/api/v1/deployments/${enc(id)}`);
  const head = h('div');
  const controls = h('div', {class: 'controls'});
  const message = h('div');
  const gateBox = h('div', {id: 'gate'});
  const streamState = h('span', {class: 'muted', id: 'stream-state'});
  const log = h('pre', {class: 'log', id: 'log'});

  function paint(d) {
    deployment = d;
    queueMicrotask(() => follow(d)); // after the first paint, once everything below is defined
    fill(head, 
      h('h1', {}, `${d.application} → ${d.environment}: ${d.version} `, badge(d.status)),
      h('p', {class: 'muted'}, `${d.strategy} via ${d.executor} · requested by ${d.requestedBy ?? '—'} · #${d.sequence ?? '?'}`,
        d.previousVersion ? ` · replaces ${d.previousVersion}` : '', d.rollbackOf ? ' · rollback of ' : '',
        d.rollbackOf ? h('a', {href: `#/deployments/${d.rollbackOf}`}, d.rollbackOf.slice(0, 8)) : ''),
      h('div', {class: 'progress', role: 'progressbar', 'aria-valuenow': d.progress ?? 0, 'aria-valuemin': 0, 'aria-valuemax': 100},
        h('span', {style: `width:${d.progress ?? 0}%`, class: `fill ${String(d.status).toLowerCase()}`}),
        h('b', {}, `${d.progress ?? 0} %`)),
      h('p', {}, h('strong', {}, 'step: '), d.currentStep ?? '—'),
      h('div', {class: 'row'}, h('span', {}, 'traffic '), splitBar(d.traffic)),
      d.canary ? h('p', {class: 'muted'}, `canary steps ${JSON.stringify(d.canary.steps)}, pause ${d.canary.pause ?? 'manual'}${d.canary.promoted ? ', promoted' : ''}`) : null,
      d.failureReason ? h('div', {class: 'problem'}, h('strong', {}, 'failed: '), d.failureReason) : null,
      d.approval ? approvalBox(d.approval) : null,
      d.scheduledAt ? h('p', {}, h('strong', {}, 'scheduled for '), fmtTime(d.scheduledAt)) : null,
      d.hotfix ? h('p', {}, badge('hotfix', 'warn'), ' ', d.hotfixReason ?? '') : null,
      h('p', {class: 'muted'}, `created ${fmtTime(d.createdAt)} · started ${fmtTime(d.startedAt)} · completed ${fmtTime(d.completedAt)}`,
        d.duration ? ` · took ${d.duration}` : ''));
    clear(controls);
    watchGate(d);
    queueMicrotask(() => refreshComparison(d));
    if (!ACTIVE.includes(d.status)) return;
    const action = (name, label) => actionButton(d, ctx, {name, label, message, onDone: paint,
      body: () => ({reason: `${label} from the dashboard`})});
    if (d.approval?.status === 'WAITING') {
      add(controls, approvalControls(d, ctx, {message, onDecided: paint}), action('cancel', 'Cancel'));
      return;
    }
    if (atGate(d)) {
      // past an evidence gate only with a reason, which the deployment records
      const reason = h('input', {id: 'promote-reason', placeholder: 'why go on without the evidence (required)', size: 40});
      add(controls, reason, actionButton(d, ctx, {name: 'promote', label: 'Promote', message, onDone: paint,
        body: () => reason.value.trim() ? {reason: reason.value.trim()}
          : (fill(message, h('div', {class: 'problem'}, 'Say why to promote past the evidence gate.')), null)}));
      if (d.strategy === 'canary' || d.status === 'PAUSED') {
        add(controls, d.status === 'PAUSED' ? action('resume', 'Resume') : action('pause', 'Pause'));
      }
    } else if (d.strategy === 'canary') {
      add(controls, action('promote', 'Promote'));
      add(controls, d.status === 'PAUSED' ? action('resume', 'Resume') : action('pause', 'Pause'));
    }
    add(controls, action('cancel', 'Cancel'));
  }

  // A step waiting at an evidence gate writes no log lines: poll the deployment and metrics-service's
  // gate (the evidence in the live window) while it waits.
  let gateTimer = null;
  function watchGate(d) {
    clearTimeout(gateTimer);
    if (!ACTIVE.includes(d.status) || !atGate(d)) {
      clear(gateBox);
      return;
    }
    gateTimer = setTimeout(async () => {
      try {
        const gate = await api(`/api/v1/metrics/gate${qs({application: d.application, environment: d.environment, version: d.version})}`);
        fill(gateBox, gatePanel(gate));
        paint(await api(`/api/v1/deployments/${enc(id)}`));
      } catch (err) {
        fill(gateBox, ctx.problemBox(err));
        gateTimer = setTimeout(() => watchGate(deployment), 5000);
      }
    }, gateBox.childElementCount ? 2000 : 0);
  }

  // the log drives a (throttled) refresh of the deployment, so progress follows the lines
  let refreshTimer = null;
  const refresh = () => {
    if (refreshTimer) return;
    refreshTimer = setTimeout(async () => {
      refreshTimer = null;
      try { paint(await api(`/api/v1/deployments/${enc(id)}`)); } catch { /* next line tries again */ }
    }, 300);
  };
  // A deployment held for approval or scheduled for later has no log yet, and deploy-service sends
  // the stream's headers only with its first line: the gateway would time the request out (503) and
  // count it against the circuit. So while it waits, poll the deployment; follow the log after.
  let stream = null;
  let waitTimer = null;
  const waitsFor = d => d.status !== 'PENDING' ? null
    : d.approval?.status === 'WAITING' ? 'the approval'
      : d.scheduledAt && Date.parse(d.scheduledAt) > Date.now() ? `its time (${fmtTime(d.scheduledAt)})` : null;
  function follow(d) {
    clearTimeout(waitTimer);
    if (waitsFor(d)) {
      streamState.textContent = `log stream: waits for ${waitsFor(d)}`;
      waitTimer = setTimeout(async () => {
        try { paint(await api(`/api/v1/deployments/${enc(id)}`)); } catch { waitTimer = setTimeout(() => follow(deployment), 3000); }
      }, 3000);
    } else if (!stream) {
      stream = openStream();
    }
  }
  const openStream = () => followEvents(`/api/v1/deployments/${enc(id)}/logs`, {
    onEvent(event) {
      if (event.type === 'line') {
        const line = JSON.parse(event.data);
        const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
        add(log, h('span', {class: `line ${line.stream}`}, `${String(line.sequence).padStart(4)} ${fmtTime(line.at).slice(11)} ${line.line}\n`));
        if (atBottom) log.scrollTop = log.scrollHeight;
        refresh();
      } else if (event.type === 'end') {
        const end = JSON.parse(event.data);
        add(log, h('span', {class: 'line end'}, `— ${end.status} (last line ${end.lastSequence}) —\n`));
        refresh();
      }
    },
    onError(err, retrying) {
      fill(message, ctx.problemBox(err instanceof ApiError ? err : new ApiError(0, {title: 'Log stream interrupted', detail: `${err.message}${retrying ? '; reconnecting' : ''}`})));
    },
    onState(state) { streamState.textContent = `log stream: ${state}`; if (state === 'live') clear(message); },
  });
  ctx.onLeave(() => { stream?.close(); clearTimeout(refreshTimer); clearTimeout(waitTimer); clearTimeout(gateTimer); });

  // drawn at once, again at most every 5 s while the deployment moves (a verdict adds a mark), and at its end
  const comparisonBox = h('div', {id: 'comparison'});
  let comparisonAt = 0;
  let comparisonFinal = false;
  function refreshComparison(d) {
    const finished = !ACTIVE.includes(d.status);
    if (comparisonFinal || (!finished && Date.now() - comparisonAt < 5000)) return;
    comparisonAt = Date.now();
    comparisonFinal = finished;
    comparisonChart(d).then(chart => fill(comparisonBox, chart)).catch(() => clear(comparisonBox));
  }

  paint(deployment);
  fill(view, head, controls, message, gateBox, comparisonBox, section('Log', streamState, log),
    h('p', {}, h('a', {href: `#/metrics?application=${enc(deployment.application)}&environment=${enc(deployment.environment)}`}, 'metrics of this target →')));
}

/** A button POSTing body() (null: nothing) to the deployment's action; the answer goes to onDone, a problem to message. */
/**
 * The new version's error rate against the version it replaces, from the per-minute roll-ups around
 * the deployment, with the target's error-rate threshold and a mark at each verdict of its gates
 * (the log lines "analysis at …: passed…", held, promoted past). Null when there is nothing to compare.
 */
async function comparisonChart(d) {
  if (!d.previousVersion || !d.startedAt) return null;
  const from = new Date(Date.parse(d.startedAt) - 15 * 60000);
  const to = d.completedAt ? new Date(Date.parse(d.completedAt) + 5 * 60000) : new Date();
  const series = v => api(`/api/v1/metrics/series${qs({application: d.application, environment: d.environment, version: v,
    metric: 'errorRate', from: from.toISOString(), to: to.toISOString(), step: 'PT1M'})}`).then(r => r.points ?? []).catch(() => []);
  const [baseline, canary, analysis, logs] = await Promise.all([series(d.previousVersion), series(d.version),
    api(`/api/v1/applications/${enc(d.application)}/analysis${qs({environment: d.environment})}`).catch(() => null),
    api(`/api/v1/deployments/${enc(d.id)}/logs`).catch(() => ({items: []}))]);
  const rule = (analysis?.effective?.rules ?? []).map(e => e.rule ?? {})
    .find(r => r.metric === 'errorRate' && r.enabled !== false && r.mode !== 'dry-run');
  const verdicts = (logs.items ?? []).filter(l => /^(analysis at \d+%|bake): (passed|held)|^promoted by /.test(l.line))
    .map(l => ({time: l.at, label: l.line.replace(/:.*$/, '').replace(/^promoted by .*/, 'promoted')}));
  const points = p => p.filter(x => x.value !== null && x.value !== undefined).map(x => ({time: x.time, value: x.value * 100}));
  return section(`Error rate: ${d.version} vs ${d.previousVersion}`, lineChart([
    {name: `${d.previousVersion} (baseline)`, dashed: true, points: points(baseline)},
    {name: `${d.version} (new)`, points: points(canary)}],
  {title: 'error rate per minute', unit: ' %', threshold: rule ? rule.threshold * 100 : undefined, markers: verdicts}));
}

/** Waiting at (or held by) an evidence gate: a canary's analysis step or any deployment's bake. */
const atGate = d => /^(analysis at |bake)/.test(d.currentStep ?? '');

/** metrics-service's step gate for the deployment's version: the evidence so far against the policy's minimum. */
function gatePanel(g) {
  return section('Evidence gate',
    h('p', {}, badge(g.verdict, g.verdict === 'inconclusive' ? 'warn' : undefined), ' ', g.reason ?? ''),
    h('p', {class: 'muted'}, `requests ${fmtNum(g.requests)} of ${fmtNum(g.minRequests)} · samples ${g.samples} of ${g.minSamples}`,
      g.trafficPercent != null ? ` · ${fmtNum(g.trafficPercent, 3)} % of the traffic` : '',
      g.baseline ? ` · baseline ${g.baseline}` : '',
      g.gate ? ` · waits up to ${g.gate.maxWait}, then ${g.gate.onTimeout}` : ''),
    table(['rule', 'verdict', 'why'], (g.rules ?? []).map(r => [r.rule, badge(r.verdict), r.why ?? ''])));
}

function actionButton(d, ctx, {name, label, body, message, onDone, scope = ''}) {
  return h('button', {id: `btn-${name}${scope}`, class: `btn-${name}`, onclick: async () => {
    clear(message);
    const payload = body();
    if (!payload) return;
    try {
      onDone(await post(`/api/v1/deployments/${enc(d.id)}/${name}`, payload));
    } catch (err) {
      add(message, ctx.problemBox(err));
    }
  }}, label);
}

/**
 * Comment, Approve and Reject for a deployment waiting for approval (the deployment page and the
 * approvals list). The policy's approver decides; the API refuses the requester and other roles
 * with a 403, shown in message. scope makes the ids unique when several are on one page.
 */
export function approvalControls(d, ctx, {message, onDecided, scope = ''}) {
  const comment = h('input', {id: `approval-comment${scope}`, class: 'approval-comment', placeholder: 'comment (required to reject)', size: 40});
  const decide = (name, label, body) => actionButton(d, ctx, {name, label, body, message, onDone: onDecided, scope});
  return [comment,
    decide('approve', 'Approve', () => ({comment: comment.value.trim() || undefined})),
    decide('reject', 'Reject', () => {
      if (comment.value.trim()) return {comment: comment.value.trim()};
      fill(message, h('div', {class: 'problem'}, 'Say why in the comment to reject.'));
      return null;
    })];
}

/** A policy's approval gate: status, votes so far, who may approve, until when, and every decision. */
export function approvalBox(a, id = 'approval') {
  return h('div', {class: a.status === 'WAITING' ? 'warning approval' : 'card approval', id},
    h('strong', {}, 'Approval '), badge(a.status),
    ` ${a.approvals ?? 0} of ${a.required ?? '?'} by role ${a.approverRole ?? '—'}`,
    a.expiresAt && a.status === 'WAITING' ? ` · expires ${fmtTime(a.expiresAt)}` : '',
    a.reason ? h('div', {}, a.reason) : null,
    (a.decisions ?? []).length ? h('ul', {}, a.decisions.map(x =>
      h('li', {}, `${x.decision} by ${x.voter} at ${fmtTime(x.at)}`, x.comment ? `: ${x.comment}` : ''))) : null);
}
