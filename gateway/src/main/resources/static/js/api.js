// The gateway's REST API with the API key of this browser tab (sessionStorage: gone when the tab closes).

const KEY = 'rc.apiKey';

export const session = {
  get key() { return sessionStorage.getItem(KEY); },
  login(key) { sessionStorage.setItem(KEY, key.trim()); },
  logout() { sessionStorage.removeItem(KEY); sessionStorage.removeItem('rc.role'); },
  get role() { return sessionStorage.getItem('rc.role'); },
  set role(role) { sessionStorage.setItem('rc.role', role); },
};

/** An error answer; `problem` is the RFC 9457 body (or one made up from the status). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export function headers(extra = {}) {
  const out = {Accept: 'application/json', ...extra};
  if (session.key) out['X-API-Key'] = session.key;
  return out;
}

/** Query string from an object, leaving out empty values. */
export function qs(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, v);
  }
  const text = q.toString();
  return text ? `?${text}` : '';
}

export async function problemOf(res) {
  const text = await res.text();
  try {
    const body = JSON.parse(text);
    if (body && typeof body === 'object') return {status: res.status, ...body};
  } catch { /* not JSON: an HTML error page or nothing */ }
  return {status: res.status, title: res.statusText || `HTTP ${res.status}`, detail: text.slice(0, 300) || undefined};
}

export async function api(path, {method = 'GET', body, signal} = {}) {
  let res;
  try {
    res = await fetch(path, {
      method, signal,
      headers: headers(body === undefined ? {} : {'Content-Type': 'application/json'}),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, {title: 'Gateway unreachable', detail: String(e.message || e)});
  }
  if (!res.ok) {
    const problem = await problemOf(res);
    if (res.status === 401) window.dispatchEvent(new CustomEvent('rc:unauthenticated', {detail: problem}));
    throw new ApiError(res.status, problem);
  }
  if (res.status === 204) return null;
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

export const post = (path, body = {}) => api(path, {method: 'POST', body});

/** Whether the key is an admin's: the API-key admin API answers admins only (403 otherwise). */
export async function detectRole() {
  try {
    await api('/api/v1/admin/api-keys?size=1');
    return 'admin';
  } catch (e) {
    if (e.status === 403) return 'viewer+';
    throw e;
  }
}
