// Entry point: login, the hash router and the shared error display.

import {session, detectRole, ApiError} from './api.js';
import {h, clear, add, fill, fmtTime} from './dom.js';
import {applicationsView, applicationView, versionView} from './views/applications.js';
import {deployFormView, deploymentView, deploymentsView} from './views/deploy.js';
import {rollbacksView, rollbackView} from './views/rollbacks.js';
import {metricsView} from './views/metrics.js';
import {environmentsView, environmentView, promoteView, approvalsView} from './views/release.js';

const main = document.getElementById('main');

// #/path/segments?query → view(params); the first matching pattern wins
const ROUTES = [
  [/^\/$/, 'apps', applicationsView],
  [/^\/apps\/([^/]+)$/, 'apps', applicationView],
  [/^\/apps\/([^/]+)\/versions\/([^/]+)$/, 'apps', versionView],
  [/^\/deploy$/, 'deploy', deployFormView],
  [/^\/deployments$/, 'deployments', deploymentsView],
  [/^\/deployments\/([^/]+)$/, 'deployments', deploymentView],
  [/^\/rollbacks$/, 'rollbacks', rollbacksView],
  [/^\/rollbacks\/([^/]+)$/, 'rollbacks', rollbackView],
  [/^\/metrics$/, 'metrics', metricsView],
  [/^\/environments$/, 'environments', environmentsView],
  [/^\/environments\/([^/]+)$/, 'environments', environmentView],
  [/^\/promote$/, 'promote', promoteView],
  [/^\/approvals$/, 'approvals', approvalsView],
];

let cleanups = [];

/**
 * Shows an error: problem+json title and detail, the invalid fields of a validation problem, every
 * unmet condition of a refused promotion, and what a freeze window (423) still lets through.
 */
export function problemBox(error) {
  const p = error instanceof ApiError ? error.problem : {title: 'Error', detail: String(error?.message || error)};
  const unmet = Array.isArray(p.unmet) ? p.unmet : [];
  return h('div', {class: 'problem', role: 'alert'},
    h('strong', {}, p.title || 'Error', p.status ? ` (${p.status})` : ''),
    unmet.length
      ? [h('div', {}, `cannot promote ${p.application} ${p.version} from ${p.from} to ${p.to}: ${unmet.length} condition(s) not met`),
        h('ul', {class: 'unmet'}, unmet.map(u => h('li', {dataset: {condition: u.condition}}, h('code', {}, u.condition ?? ''), ' ', u.detail ?? '')))]
      : p.detail ? h('div', {}, p.detail) : null,
    p.freezeWindow
      ? h('div', {class: 'freeze-hint'}, `Frozen until ${fmtTime(p.until)}: only rollbacks, repairs and hotfixes (tick hotfix and give a reason; an admin approves) may deploy now.`) : null,
    Array.isArray(p.errors) && p.errors.length
      ? h('ul', {}, p.errors.map(e => h('li', {}, h('code', {}, e.field ?? ''), ' ', e.message ?? ''))) : null,
    p.runningDeploymentId
      ? h('div', {}, 'running deployment: ', h('a', {href: `#/deployments/${p.runningDeploymentId}`}, p.runningDeploymentId)) : null);
}

/** Context handed to every view. */
const ctx = {
  get isAdmin() { return session.role === 'admin'; },
  /** Runs fn when the view is left (close streams, stop timers). */
  onLeave(fn) { cleanups.push(fn); },
  problemBox,
  go(hash) { location.hash = hash; },
};

function parseHash() {
  const raw = decodeURIComponent(location.hash.replace(/^#/, '')) || '/';
  const [path, query = ''] = raw.split('?');
  return {path, query: new URLSearchParams(query)};
}

async function render() {
  cleanups.forEach(fn => { try { fn(); } catch { /* already gone */ } });
  cleanups = [];
  if (!session.key) return loginView();
  const {path, query} = parseHash();
  const route = ROUTES.find(([re]) => re.test(path));
  document.querySelectorAll('#nav a').forEach(a => a.classList.toggle('active', route && a.dataset.nav === route[1]));
  clear(main);
  if (!route) {
    add(main, h('p', {}, 'No such page. ', h('a', {href: '#/'}, 'Applications')));
    return;
  }
  const params = path.match(route[0]).slice(1);
  const view = h('div', {class: 'view'}, h('p', {class: 'muted'}, 'loading…'));
  add(main, view);
  try {
    await route[2](view, params, query, ctx);
  } catch (e) {
    if (e.name === 'AbortError') return;
    fill(view, problemBox(e));
  }
}

function showWho() {
  const who = clear(document.getElementById('who'));
  document.getElementById('nav').hidden = !session.key;
  if (!session.key) return;
  add(who, h('span', {class: 'muted'}, `key ${session.key.slice(0, 10)}… · ${session.role === 'admin' ? 'admin' : 'viewer/deployer'} `),
    h('button', {class: 'link', onclick: () => { session.logout(); showWho(); render(); }}, 'Log out'));
}

function loginView(message) {
  clear(main);
  const input = h('input', {type: 'password', name: 'apiKey', id: 'api-key', placeholder: 'rck_…', autocomplete: 'off', required: true, size: 50});
  const status = h('div');
  const form = h('form', {class: 'card login', id: 'login-form', onsubmit: async e => {
    e.preventDefault();
    fill(status, h('p', {class: 'muted'}, 'checking…'));
    session.login(input.value);
    try {
      session.role = await detectRole();
      showWho();
      render();
    } catch (err) {
      session.logout();
      fill(status, problemBox(err));
    }
  }},
  h('h2', {}, 'Log in'),
  h('p', {}, 'Paste an API key. The local stack prints its admin key on ', h('code', {}, 'bin/rc up'),
    '; admins create more under ', h('code', {}, 'POST /api/v1/admin/api-keys'), '. The key stays in this tab only (session storage).'),
  h('label', {for: 'api-key'}, 'API key '), input, ' ', h('button', {type: 'submit'}, 'Log in'),
  message ? h('p', {class: 'problem'}, message) : null, status);
  add(main, form);
  input.focus();
}

window.addEventListener('rc:unauthenticated', () => {
  session.logout();
  showWho();
  loginView('The API key was refused (401): log in again.');
});
window.addEventListener('hashchange', render);

showWho();
render();
