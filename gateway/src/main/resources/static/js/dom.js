// Tiny DOM helpers. Text always goes in as text nodes, never as HTML, so API data cannot inject markup.

const SVG_NS = 'http://www.w3.org/2000/svg';

function build(el, attrs, children) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** h('a', {href: '#/'}, 'text', child, [more]) */
export function h(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

/** The same for SVG elements. */
export function s(tag, attrs, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

/** el.append(), but with h()'s rules: null, undefined and false are left out, arrays flattened. */
export function add(el, ...children) {
  return append(el, children);
}

/** Replaces the children of el (same rules as add). */
export function fill(el, ...children) {
  return append(clear(el), children);
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

export function fmtTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return isNaN(d) ? iso : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export function fmtNum(n, digits = 3) {
  if (n === null || n === undefined) return '—';
  if (typeof n !== 'number') return String(n);
  return Number.isInteger(n) ? String(n) : n.toFixed(digits).replace(/0+$/, '').replace(/\.$/, '');
}

export function fmtPct(ratio) {
  return ratio === null || ratio === undefined ? '—' : `${(ratio * 100).toFixed(1)} %`;
}

/** A status word as a coloured badge. */
export function badge(text, kind) {
  const word = String(text ?? '—');
  return h('span', {class: `badge ${kind || statusKind(word)}`}, word);
}

export function statusKind(status) {
  const s = String(status).toLowerCase();
  if (/^(succeeded|success|healthy|ok|pass|completed|done)$/.test(s)) return 'good';
  if (/(fail|breach|rolled_back|aborted|error|critical|bad)/.test(s)) return 'bad';
  if (/(running|pending|progress|started)/.test(s)) return 'busy';
  if (/(paused|wait|drift|warn|failing|cancel|nodata|maintenance)/.test(s)) return 'warn';
  return 'neutral';
}

export function table(headers, rows, empty = 'nothing yet') {
  if (!rows.length) return h('p', {class: 'muted'}, empty);
  return h('table', {},
    h('thead', {}, h('tr', {}, headers.map(t => h('th', {}, t)))),
    h('tbody', {}, rows.map(cells => h('tr', {}, cells.map(c => h('td', {}, c))))));
}

export function section(title, ...children) {
  return h('section', {class: 'card'}, h('h2', {}, title), ...children);
}
