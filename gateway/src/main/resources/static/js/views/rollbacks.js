// Rollbacks: running and past sagas, one saga with its steps and decision record, operator decisions.
// While rollback-orchestrator is down the gateway answers 503 service-unavailable: say so, calmly.

import {api, post, qs} from '../api.js';
import {h, clear, badge, table, section, fmtTime, fmtNum, add, fill} from '../dom.js';
import {itemsOf} from './applications.js';

const enc = encodeURIComponent;
const FINISHED = /^(COMPLETED|SUCCEEDED|DONE|ABORTED|FAILED|CANCELLED|ALERTED)$/i;

function unavailable(err, ctx) {
  if (err.status !== 503) throw err;
  return h('div', {class: 'warning', role: 'status'}, h('strong', {}, 'Rollbacks are unavailable right now. '),
    err.problem.detail ?? 'rollback-orchestrator does not answer', '. Deployments and metrics still work; try again in a moment.',
    h('div', {class: 'muted'}, `(${err.problem.title ?? 'Service unavailable'}, ${err.problem.service ?? 'rollback-orchestrator'})`));
}

export async function rollbacksView(view, _params, query, ctx) {
  const filters = {application: query.get('application'), environment: query.get('environment'), status: query.get('status')};
  let list;
  try {
    list = section('Sagas', table(['id', 'application', 'environment', 'cause', 'from → to', 'branch', 'status', 'created', 'completed'],
      itemsOf(await api(`/api/v1/rollbacks${qs({...filters, size: 50})}`)).map(r => [
        h('a', {href: `#/rollbacks/${enc(r.id)}`}, String(r.id).slice(0, 8)), r.application, r.environment, r.cause ?? '—',
        `${r.fromVersion ?? '?'} → ${r.targetVersion ?? '?'}`, r.decision?.branch ? [badge(r.decision.branch, 'neutral'), r.decision.onApproval ? ` → ${r.decision.onApproval}` : ''] : '—',
        badge(r.status), fmtTime(r.createdAt), fmtTime(r.completedAt)]), 'no rollbacks yet'));
  } catch (err) {
    list = unavailable(err, ctx);
  }
  fill(view, h('h1', {}, 'Rollbacks'), list, await manualRollbackForm(ctx, filters));
}

async function manualRollbackForm(ctx, filters) {
  const result = h('div');
  const input = (name, attrs = {}) => h('input', {name, id: `rb-${name}`, value: filters[name] ?? '', ...attrs});
  const form = h('form', {class: 'row'},
    h('label', {class: 'field'}, h('span', {}, 'application'), input('application', {required: true})),
    h('label', {class: 'field'}, h('span', {}, 'environment'), input('environment', {required: true})),
    h('label', {class: 'field'}, h('span', {}, 'target version'), input('targetVersion', {placeholder: 'last good'})),
    h('label', {class: 'field'}, h('span', {}, 'reason'), input('reason', {required: true, size: 30})),
    h('button', {type: 'submit'}, 'Roll back'));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const data = Object.fromEntries(new FormData(form));
    if (!data.targetVersion) delete data.targetVersion;
    clear(result);
    try {
      const saga = await post('/api/v1/rollbacks', data);
      ctx.go(`#/rollbacks/${enc(saga.id)}`);
    } catch (err) {
      add(result, ctx.problemBox(err));
    }
  });
  return section('Manual rollback (deployer)', h('p', {class: 'muted'},
    'Starts a saga that deploys the last good version (or the one given) of the target.'), form, result);
}

export async function rollbackView(view, [id], _query, ctx) {
  let saga;
  try {
    saga = await api(`/api/v1/rollbacks/${enc(id)}`);
  } catch (err) {
    fill(view, h('h1', {}, 'Rollback'), unavailable(err, ctx));
    return;
  }
  const message = h('div');
  const body = h('div');
  const decide = (name, label, cls) => h('button', {id: `btn-${name}`, class: cls, onclick: async () => {
    clear(message);
    if (!confirm(`${label} rollback ${saga.id}?`)) return;
    try {
      paint(await post(`/api/v1/rollbacks/${enc(saga.id)}/${name}`, {reason: `${label} from the dashboard`}));
    } catch (err) {
      add(message, ctx.problemBox(err));
    }
  }}, label);

  function paint(next) {
    saga = next;
    const d = saga.decision ?? {};
    const open = !saga.completedAt && !FINISHED.test(String(saga.status));
    const buttons = [
      saga.status === 'WAITING_APPROVAL' ? decide('approve', 'Approve', 'primary') : null,
      saga.branch === 'MAINTENANCE' || d.branch === 'MAINTENANCE' ? decide('confirm-repair', 'Confirm repair', 'primary') : null,
      decide('abort', 'Abort', 'danger')];
    fill(body,
      h('h1', {}, `Rollback of ${saga.application} in ${saga.environment} `, badge(saga.status)),
      h('p', {class: 'muted'}, `cause ${saga.cause ?? '—'} · ${saga.fromVersion ?? '?'} → ${saga.targetVersion ?? '?'}`,
        saga.requestedBy ? ` · requested by ${saga.requestedBy}` : '', saga.operator ? ` · operator ${saga.operator}` : '',
        ` · created ${fmtTime(saga.createdAt)} · completed ${fmtTime(saga.completedAt)}`),
      open ? h('p', {}, h('strong', {}, 'now: '), saga.step ?? '—',
        saga.deadline ? h('span', {class: 'muted'}, ` (until ${fmtTime(saga.deadline)})`) : null) : null,
      saga.outcome ? h('p', {}, h('strong', {}, 'outcome: '), saga.outcome) : null,
      saga.failureReason ? h('div', {class: 'problem'}, h('strong', {}, 'failed: '), saga.failureReason) : null,
      section('Why (decision record)',
        h('dl', {class: 'facts'},
          fact('branch', d.branch ? badge(d.branch, d.branch === 'WAIT_APPROVAL' ? 'warn' : 'neutral') : '—'),
          d.onApproval ? fact('on approval', d.onApproval) : null,
          d.impactPercent !== undefined && d.impactPercent !== null ? fact('impact', `${fmtNum(d.impactPercent, 1)} % of traffic`) : null,
          // the evidence of a breach; a manual or corruption cause has none
          d.rule || d.metric ? [fact('rule', d.rule ?? '—'), fact('metric', d.metric ?? '—'),
            fact('observed / threshold', `${fmtNum(d.observed)} / ${fmtNum(d.threshold)}`),
            fact('window', d.window ?? '—'), fact('samples', d.samples ?? '—'), fact('statistic', d.statistic ?? '—')] : null,
          fact('deployments', [deploymentLink('rolled back', saga.deploymentId), ' · ', deploymentLink('rollback', saga.rollbackDeploymentId)])),
        (d.reasons ?? []).length ? h('ol', {class: 'reasons'}, d.reasons.map(r => h('li', {}, r))) : h('p', {class: 'muted'}, 'no reasons recorded')),
      section('Steps', table(['step', 'attempt', 'status', 'started', 'completed', 'command', 'detail'],
        (saga.steps ?? []).map(st => [st.name, st.attempt ?? '—', badge(st.status), fmtTime(st.startedAt), fmtTime(st.completedAt),
          st.command ? h('code', {}, st.command) : '—', st.detail ?? '']), 'no steps yet')),
      open && ctx.isAdmin ? section('Operator decision (admin)', h('div', {class: 'controls'}, buttons), message)
        : open ? h('p', {class: 'muted'}, 'An admin key is needed for approve / abort / confirm-repair.') : null,
      message.parentNode ? null : message);
    // a running saga moves on its own: follow it until it ends
    clearTimeout(timer);
    if (open) timer = setTimeout(refresh, 2000);
  }

  let timer = null;
  async function refresh() {
    try {
      paint(await api(`/api/v1/rollbacks/${enc(id)}`));
    } catch (err) {
      fill(message, ctx.problemBox(err));
      timer = setTimeout(refresh, 5000);
    }
  }
  ctx.onLeave(() => clearTimeout(timer));
  fill(view, body);
  paint(saga);
}

function deploymentLink(label, id) {
  return id ? h('a', {href: `#/deployments/${enc(id)}`}, `${label} ${String(id).slice(0, 8)}`) : null;
}

function fact(name, value) {
  return [h('dt', {}, name), h('dd', {}, value)];
}
