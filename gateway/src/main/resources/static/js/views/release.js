// Release workflow: environment policies and freeze windows (admins edit them), promotions between
// environments, and the deployments waiting for approval. See docs/release-workflow.md.

import {api, post, qs, ApiError} from '../api.js';
import {h, clear, badge, table, section, fmtTime, add, fill} from '../dom.js';
import {itemsOf} from './applications.js';
import {field, select, parseSteps, approvalBox, approvalControls} from './deploy.js';

const enc = encodeURIComponent;
const BUILT_IN = ['development', 'staging', 'production'];
const STRATEGIES = ['rolling', 'blue-green', 'canary'];
const DAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];

/** deploy-service's built-in environments, then every one an application is registered for. */
async function environmentNames() {
  const apps = await api('/api/v1/applications?size=200').then(itemsOf).catch(() => []);
  return [...new Set([...BUILT_IN, ...apps.flatMap(a => a.environments ?? [])])];
}

/** "PT1H30M" → "1 h 30 min" (ISO-8601 as the API gives it; anything else as it is). */
export function fmtDuration(iso) {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?)?$/.exec(iso ?? '');
  if (!m) return iso ?? '—';
  const parts = [[m[1], 'd'], [m[2], 'h'], [m[3], 'min'], [m[4], 's']].filter(([n]) => n && Number(n)).map(([n, u]) => `${n} ${u}`);
  return parts.length ? parts.join(' ') : '0';
}

function windowWhen(w) {
  const local = t => String(t ?? '?').replace('T', ' ');
  return w.days ? `${w.days.join(', ')} ${w.from}–${w.to}` : `${local(w.start)} → ${local(w.end)}`;
}

/** The "frozen now" banner of a policy that has a window in force, or null. */
function frozenBanner(p) {
  const f = p.activeFreezeWindow;
  if (!f) return null;
  return h('div', {class: 'warning frozen', role: 'status'},
    h('strong', {}, `Frozen now until ${fmtTime(f.until)}`), ` — freeze window '${f.name}'`, f.reason ? ` (${f.reason})` : '',
    '. Only rollbacks, repairs and hotfixes (with a reason and an admin approval) may deploy.');
}

function policyFacts(p) {
  return h('dl', {class: 'facts'},
    h('dt', {}, 'preceding environment'), h('dd', {}, p.requiredPreceding ?? h('span', {class: 'muted'}, 'none: promotions from anywhere')),
    h('dt', {}, 'minimum soak'), h('dd', {}, p.minimumSoak && p.minimumSoak !== 'PT0S' ? `${fmtDuration(p.minimumSoak)} (${p.minimumSoak})` : 'none'),
    h('dt', {}, 'approvals'), h('dd', {}, p.approvalsRequired ? `${p.approvalsRequired} × ${p.approverRole}, never the requester; expires after ${fmtDuration(p.approvalTimeout)}` : 'none'),
    h('dt', {}, 'allowed strategies'), h('dd', {}, (p.allowedStrategies ?? []).map(s => [badge(s, 'neutral'), ' '])),
    h('dt', {}, 'source'), h('dd', {}, badge(p.source ?? '—', 'neutral'), p.updatedBy ? ` changed by ${p.updatedBy} at ${fmtTime(p.updatedAt)}` : ''));
}

function freezeTable(p) {
  const active = p.activeFreezeWindow?.name;
  return table(['freeze window', 'when (local time)', 'zone', 'reason', 'now'],
    (p.freezeWindows ?? []).map(w => [w.name, windowWhen(w), w.zone, w.reason ?? '—',
      w.name === active ? badge(`frozen until ${fmtTime(p.activeFreezeWindow.until)}`, 'warn') : h('span', {class: 'muted'}, 'not in force')]),
    'no freeze windows');
}

/** The overview's shorter form of the same. */
function freezeList(p) {
  const windows = p.freezeWindows ?? [];
  if (!windows.length) return h('p', {class: 'muted'}, 'no freeze windows');
  return [h('h3', {}, 'Freeze windows'), h('ul', {class: 'windows'}, windows.map(w => h('li', {},
    h('strong', {}, w.name), ` ${windowWhen(w)} ${w.zone}`, w.reason ? ` — ${w.reason}` : '',
    w.name === p.activeFreezeWindow?.name ? [' ', badge('in force', 'warn')] : null)))];
}

function policyCard(env, p, ctx, {link = true} = {}) {
  return h('section', {class: 'card policy', id: `env-${env}`},
    h('h2', {}, link ? h('a', {href: `#/environments/${enc(env)}`}, env) : env, ' ',
      p.activeFreezeWindow ? badge('frozen', 'warn') : badge('open', 'good')),
    frozenBanner(p), policyFacts(p), link ? freezeList(p) : freezeTable(p),
    link && ctx.isAdmin ? h('p', {}, h('a', {class: 'button', href: `#/environments/${enc(env)}`, id: `edit-${env}`}, 'Edit policy')) : null);
}

export async function environmentsView(view, _params, _query, ctx) {
  const envs = await environmentNames();
  const policies = await Promise.all(envs.map(env => api(`/api/v1/environments/${enc(env)}/policy`).catch(e => e)));
  const frozen = envs.filter((env, i) => policies[i]?.activeFreezeWindow);
  fill(view, h('h1', {}, 'Environments'),
    h('p', {class: 'muted'}, 'Each environment\'s release policy, applied by deploy-service to every deployment: where promotions come from, how long a version soaks there first, who approves, which strategies, and when it is frozen. ',
      ctx.isAdmin ? 'Open an environment to change it.' : 'Read-only: an admin key is needed to change a policy.'),
    frozen.length ? h('p', {id: 'frozen-now'}, h('strong', {}, 'Frozen now: '), frozen.map((env, i) => [i ? ', ' : '',
      h('a', {href: `#/environments/${enc(env)}`}, env),
      ` until ${fmtTime(policies[envs.indexOf(env)].activeFreezeWindow.until)}`])) : null,
    h('div', {class: 'policies'}, envs.map((env, i) => policies[i] instanceof Error
      ? section(env, ctx.problemBox(policies[i])) : policyCard(env, policies[i], ctx))));
}

export async function environmentView(view, [env], _query, ctx) {
  const [policy, envs] = await Promise.all([api(`/api/v1/environments/${enc(env)}/policy`), environmentNames()]);
  const card = h('div');
  const paint = p => fill(card, policyCard(env, p, ctx, {link: false}));
  paint(policy);
  fill(view, h('h1', {}, h('a', {href: '#/environments'}, 'Environments'), ` / ${env}`), card,
    ctx.isAdmin ? policyForm(env, policy, envs, ctx, paint)
      : h('p', {class: 'muted', id: 'policy-read-only'}, 'Read-only: an admin key is needed to change this policy (PUT /api/v1/environments/', env, '/policy).'));
}

/** The admin's form: the whole policy, PUT at once (the API replaces it); 400s mark the fields they name. */
function policyForm(env, p, envs, ctx, onSaved) {
  const input = (key, value, attrs = {}) => h('input', {id: `policy-${key}`, name: key, value: value ?? '', dataset: {field: key}, ...attrs});
  const preceding = input('requiredPreceding', p.requiredPreceding, {list: 'policy-envs', placeholder: 'none'});
  const soak = input('minimumSoak', p.minimumSoak, {placeholder: 'PT10M'});
  const approvals = input('approvalsRequired', p.approvalsRequired ?? 0, {type: 'number', min: 0, max: 10});
  const role = select('approverRole', ['admin', 'deployer'], p.approverRole ?? 'admin');
  role.id = 'policy-approverRole';
  role.dataset.field = 'approverRole';
  const timeout = input('approvalTimeout', p.approvalTimeout, {placeholder: 'PT24H'});
  const strategies = h('fieldset', {dataset: {field: 'allowedStrategies'}}, h('legend', {}, 'allowed strategies'),
    STRATEGIES.map(s => h('label', {}, h('input', {type: 'checkbox', name: 'strategy', value: s, id: `policy-strategy-${s}`,
      checked: (p.allowedStrategies ?? STRATEGIES).includes(s)}), ` ${s} `)));
  const windows = h('div', {id: 'policy-windows', dataset: {field: 'freezeWindows'}});
  (p.freezeWindows ?? []).forEach(w => add(windows, windowRow(w)));
  const addWindow = h('button', {type: 'button', id: 'policy-add-window', onclick: () => {
    add(windows, windowRow({zone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'}));
  }}, 'Add freeze window');
  const result = h('div', {id: 'policy-result'});
  const form = h('form', {class: 'card', id: 'policy-form'},
    h('h2', {}, `Change the policy of ${env} (admin)`),
    h('p', {class: 'muted'}, 'Saving replaces the whole policy; deployments already waiting keep their approval expiry.'),
    h('datalist', {id: 'policy-envs'}, envs.filter(e => e !== env).map(e => h('option', {value: e}))),
    h('div', {class: 'row'},
      field('preceding environment', preceding, 'empty: none'),
      field('minimum soak', soak, 'ISO-8601, e.g. PT10M; > 0 needs a preceding environment'),
      field('approvals required', approvals, '0..10, never the requester'),
      field('approver role', role),
      field('approval timeout', timeout, 'e.g. PT24H')),
    strategies,
    h('fieldset', {}, h('legend', {}, 'Freeze windows'),
      h('p', {class: 'muted'}, 'A date range (dates, or local date-times like 2026-12-20T18:00; an end date counts through its last moment) or weekly days from–to (local times; a "to" at or before "from" runs into the next day). Times are in the window\'s zone.'),
      windows, addWindow),
    h('button', {type: 'submit', id: 'policy-save'}, 'Save policy'), result);

  form.addEventListener('submit', async e => {
    e.preventDefault();
    const text = el => el.value.trim() || undefined;
    const rows = [...windows.querySelectorAll('.freeze-window')];
    rows.forEach((row, i) => {
      row.dataset.field = `freezeWindows[${i}]`;
      row.querySelectorAll('[data-key]').forEach(el => { el.dataset.field = `freezeWindows[${i}].${el.dataset.key}`; });
    });
    const body = {
      requiredPreceding: text(preceding) ?? null,
      minimumSoak: text(soak),
      approvalsRequired: approvals.value === '' ? undefined : Number(approvals.value),
      approverRole: role.value,
      approvalTimeout: text(timeout),
      allowedStrategies: [...strategies.querySelectorAll('input:checked')].map(c => c.value),
      freezeWindows: rows.map(row => {
        const get = key => text(row.querySelector(`[data-key="${key}"]`));
        const w = {name: get('name'), zone: get('zone'), reason: get('reason')};
        if (row.querySelector('.kind').value === 'weekly') {
          Object.assign(w, {days: [...row.querySelectorAll('[data-key="days"] input:checked')].map(c => c.value), from: get('from'), to: get('to')});
        } else {
          Object.assign(w, {start: get('start'), end: get('end')});
        }
        return w;
      }),
    };
    form.querySelectorAll('.invalid').forEach(el => el.classList.remove('invalid'));
    fill(result, h('p', {class: 'muted'}, 'saving…'));
    try {
      const saved = await api(`/api/v1/environments/${enc(env)}/policy`, {method: 'PUT', body});
      fill(result, h('div', {class: 'success', role: 'status', id: 'policy-saved'}, `Saved: ${env}'s policy applies from the next request on.`));
      onSaved(saved);
    } catch (err) {
      fill(result, ctx.problemBox(err));
      markInvalid(form, err);
    }
  });
  return form;
}

/** Outlines the inputs a validation problem names; an item of a list (freezeWindows[0].days[1]) marks the list. */
function markInvalid(form, err) {
  const fields = err instanceof ApiError && Array.isArray(err.problem.errors) ? err.problem.errors.map(x => String(x.field)) : [];
  form.querySelectorAll('[data-field]').forEach(el => {
    const name = el.dataset.field;
    if (fields.some(f => f === name || (f.startsWith(`${name}[`) && /^\[\d+\]$/.test(f.slice(name.length))))) {
      el.classList.add('invalid');
    }
  });
}

function windowRow(w) {
  const input = (key, attrs = {}) => h('input', {dataset: {key}, value: w[key] ?? '', class: `window-${key}`, ...attrs});
  const weekly = Array.isArray(w.days);
  const kind = h('select', {class: 'kind'}, h('option', {value: 'dates', selected: !weekly}, 'date range'),
    h('option', {value: 'weekly', selected: weekly}, 'weekly'));
  const dates = h('span', {class: 'row'},
    field('start', input('start', {placeholder: '2026-12-20', size: 16})),
    field('end', input('end', {placeholder: '2027-01-01', size: 16})));
  const week = h('span', {class: 'row'},
    h('span', {dataset: {key: 'days'}, class: 'days'}, DAYS.map(d => h('label', {}, h('input', {type: 'checkbox', value: d, checked: (w.days ?? []).includes(d)}), ` ${d} `))),
    field('from', input('from', {placeholder: '16:00', size: 6})),
    field('to', input('to', {placeholder: '00:00', size: 6})));
  const show = () => { dates.hidden = kind.value !== 'dates'; week.hidden = kind.value !== 'weekly'; };
  kind.addEventListener('change', show);
  show();
  const row = h('fieldset', {class: 'freeze-window'},
    h('div', {class: 'row'},
      field('kind', kind),
      field('name', input('name', {size: 16, required: true})),
      field('zone', input('zone', {size: 16, placeholder: 'Europe/Berlin'})),
      field('reason', input('reason', {size: 30})),
      h('button', {type: 'button', class: 'remove-window', onclick: () => row.remove()}, 'Remove')),
    dates, week);
  return row;
}

export async function promoteView(view, _params, query, ctx) {
  const [apps, envs] = await Promise.all([api('/api/v1/applications?size=200').then(itemsOf), environmentNames()]);
  const form = h('form', {class: 'card', id: 'promotion-form'});
  const result = h('div', {id: 'promotion-result'});
  const target = h('div', {id: 'promotion-target'});
  const appSelect = select('application', apps.map(a => a.name), query.get('application') ?? apps[0]?.name);
  appSelect.id = 'promotion-application';
  const versionSlot = h('span');
  const from = select('from', envs, query.get('from') ?? 'staging');
  from.id = 'promotion-from';
  const next = BUILT_IN[BUILT_IN.indexOf(from.value) + 1];
  const to = select('to', envs, query.get('to') ?? (next && BUILT_IN.indexOf(from.value) >= 0 ? next : 'production'));
  to.id = 'promotion-to';
  const strategy = select('strategy', STRATEGIES, query.get('strategy') ?? 'rolling');
  strategy.id = 'promotion-strategy';
  const steps = h('input', {id: 'promotion-steps', value: '10, 50, 100'});
  const pause = h('input', {id: 'promotion-pause', value: 'PT30S', placeholder: 'PT30S or manual'});
  const canaryBox = h('fieldset', {}, h('legend', {}, 'Canary'), field('steps (%)', steps), field('pause at each step', pause, 'or "manual"'));
  const executor = select('executor', ['simulated', 'script'], 'simulated');
  executor.id = 'promotion-executor';
  const description = h('input', {id: 'promotion-description', size: 40});
  const hotfix = h('input', {type: 'checkbox', id: 'promotion-hotfix'});
  const reason = h('input', {id: 'promotion-reason', size: 40, placeholder: 'incident or ticket'});

  async function fillVersions() {
    const versions = appSelect.value
      ? await api(`/api/v1/applications/${enc(appSelect.value)}/versions?size=100`).then(itemsOf).catch(() => []) : [];
    fill(versionSlot, h('input', {id: 'promotion-version', list: 'promotion-versions', required: true,
      value: query.get('version') ?? versions[0]?.version ?? ''}),
    h('datalist', {id: 'promotion-versions'}, versions.map(v => h('option', {value: v.version}))));
  }
  // what the target asks for, read before promoting (its freeze window in particular)
  async function showTarget() {
    try {
      const p = await api(`/api/v1/environments/${enc(to.value)}/policy`);
      fill(target, h('h3', {}, `${to.value} requires`), frozenBanner(p), policyFacts(p),
        h('p', {}, h('a', {href: `#/environments/${enc(to.value)}`}, `${to.value}'s policy and freeze windows →`)));
    } catch (err) {
      fill(target, ctx.problemBox(err));
    }
  }
  appSelect.addEventListener('change', fillVersions);
  to.addEventListener('change', showTarget);
  strategy.addEventListener('change', () => { canaryBox.hidden = strategy.value !== 'canary'; });
  canaryBox.hidden = strategy.value !== 'canary';
  await Promise.all([fillVersions(), showTarget()]);

  add(form,
    h('div', {class: 'row'}, field('application', appSelect), field('version', versionSlot),
      field('from', from), field('to', to)),
    h('div', {class: 'row'}, field('strategy', strategy), field('executor', executor), field('description', description)),
    canaryBox,
    h('fieldset', {}, h('legend', {}, 'Hotfix'), h('label', {}, hotfix, ' hotfix'), ' ',
      field('reason', reason, 'a hotfix may deploy in a freeze window, after an admin approval')),
    h('button', {type: 'submit', id: 'promotion-submit'}, 'Promote'), result);

  form.addEventListener('submit', async e => {
    e.preventDefault();
    const body = {
      application: appSelect.value, version: form.querySelector('#promotion-version').value.trim(), from: from.value, to: to.value,
      strategy: strategy.value, executor: executor.value, options: {description: description.value.trim() || undefined},
    };
    if (strategy.value === 'canary') body.canary = {steps: parseSteps(steps.value), pause: pause.value.trim() || 'manual'};
    if (hotfix.checked) Object.assign(body, {hotfix: true, reason: reason.value.trim() || undefined});
    fill(result, h('p', {class: 'muted'}, 'promoting…'));
    try {
      const d = await post('/api/v1/promotions', body);
      fill(result, h('div', {class: 'success', role: 'status', id: 'promotion-created'},
        h('strong', {}, `Promoted ${d.application} ${d.version} to ${d.environment}: `),
        h('a', {href: `#/deployments/${enc(d.id)}`, id: 'promotion-deployment'}, `deployment ${d.id.slice(0, 8)}`), ' ', badge(d.status),
        d.currentStep ? ` ${d.currentStep}` : '',
        d.approval?.status === 'WAITING' ? [' · ', h('a', {href: '#/approvals'}, 'waiting for approval →')] : null));
    } catch (err) {
      fill(result, ctx.problemBox(err));
    }
  });
  fill(view, h('h1', {}, 'Promote a version'),
    h('p', {class: 'muted'}, 'Deploys a version that succeeded in one environment to the next, if the target\'s policy is met: preceding environment, soak time, not rolled back or failed since, strategy allowed. A refusal lists every condition not met.'),
    h('div', {class: 'columns'}, form, h('aside', {class: 'card'}, target)));
}

export async function approvalsView(view, _params, _query, ctx) {
  // the list has no approval details: read each pending deployment (few at a time in practice)
  const pending = itemsOf(await api(`/api/v1/deployments${qs({status: 'PENDING', size: 200})}`));
  const full = await Promise.all(pending.map(d => api(`/api/v1/deployments/${enc(d.id)}`).catch(() => d)));
  const waiting = full.filter(d => d.approval?.status === 'WAITING');
  fill(view, h('h1', {}, 'Approvals'),
    h('p', {class: 'muted'}, `${waiting.length} deployment(s) waiting for approval. The approver must have the policy's role and must not be the requester; a rejection needs a comment. Unapproved deployments are cancelled when they expire.`),
    waiting.length ? waiting.map(d => approvalItem(d, ctx)) : h('p', {class: 'muted', id: 'no-approvals'}, 'No deployment is waiting for approval.'));
}

function approvalItem(deployment, ctx) {
  const item = h('section', {class: 'card approval-item', id: `approval-item-${deployment.id}`});
  const message = h('div');
  const paint = d => fill(item,
    h('h2', {}, h('a', {href: `#/deployments/${enc(d.id)}`}, `${d.application} → ${d.environment}: ${d.version}`), ' ', badge(d.status),
      d.hotfix ? [' ', badge('hotfix', 'warn')] : null),
    h('p', {class: 'muted'}, `${d.strategy} · requested by ${d.requestedBy ?? '—'} at ${fmtTime(d.createdAt)}`,
      d.options?.description ? ` · ${d.options.description}` : '', d.hotfixReason ? ` · hotfix: ${d.hotfixReason}` : ''),
    d.approval ? approvalBox(d.approval, null) : null,
    d.approval?.status === 'WAITING' ? h('div', {class: 'controls'}, approvalControls(d, ctx, {message, onDecided: paint, scope: `-${d.id}`})) : null,
    message);
  paint(deployment);
  return item;
}
