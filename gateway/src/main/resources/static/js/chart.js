// A small line chart in inline SVG: one line per series on shared time and value axes.

import {h, s, fmtNum} from './dom.js';

export const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2'];

/**
 * series: [{name, points: [{time, value}], color?, dashed?}]; opts: {title, unit, threshold, format,
 * markers: [{time, label}] drawn as vertical lines (e.g. the moments of a deployment's verdicts)}
 */
export function lineChart(series, {title, unit = '', threshold, format = v => fmtNum(v, 3), width = 560, height = 220,
  markers = []} = {}) {
  const pad = {left: 56, right: 12, top: 12, bottom: 28};
  const all = series.flatMap(x => x.points.map(p => ({t: Date.parse(p.time), v: p.value})))
    .filter(p => Number.isFinite(p.t) && Number.isFinite(p.v));
  const marks = markers.map(m => ({t: Date.parse(m.time), label: m.label})).filter(m => Number.isFinite(m.t));
  all.push(...marks.map(m => ({t: m.t, v: 0})));
  const figure = h('figure', {class: 'chart'}, h('figcaption', {}, title));
  if (!all.length) {
    figure.append(h('p', {class: 'muted'}, 'no data in this range'));
    return figure;
  }
  let t0 = Math.min(...all.map(p => p.t)), t1 = Math.max(...all.map(p => p.t));
  if (t0 === t1) { t0 -= 60000; t1 += 60000; }
  let v1 = Math.max(...all.map(p => p.v), threshold ?? -Infinity);
  v1 = v1 <= 0 ? 1 : v1 * 1.1;
  const x = t => pad.left + (t - t0) / (t1 - t0) * (width - pad.left - pad.right);
  const y = v => height - pad.bottom - v / v1 * (height - pad.top - pad.bottom);

  const svg = s('svg', {viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title});
  for (const frac of [0, 0.25, 0.5, 0.75, 1]) {
    const v = v1 * frac;
    svg.append(s('line', {x1: pad.left, x2: width - pad.right, y1: y(v), y2: y(v), class: 'grid'}),
      s('text', {x: pad.left - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'axis'}, `${format(v)}${unit}`));
  }
  const hhmm = t => new Date(t).toISOString().slice(11, 16);
  svg.append(s('text', {x: pad.left, y: height - 8, class: 'axis'}, hhmm(t0)),
    s('text', {x: width - pad.right, y: height - 8, 'text-anchor': 'end', class: 'axis'}, `${hhmm(t1)} UTC`));
  if (threshold !== undefined && threshold !== null) {
    svg.append(s('line', {x1: pad.left, x2: width - pad.right, y1: y(threshold), y2: y(threshold), class: 'threshold'}),
      s('text', {x: width - pad.right, y: y(threshold) - 4, 'text-anchor': 'end', class: 'axis threshold-label'},
        `threshold ${format(threshold)}${unit}`));
  }
  marks.forEach((m, i) => {
    // labels stay inside the plot: left of marks in its right half
    const right = x(m.t) > (pad.left + width - pad.right) / 2;
    svg.append(s('line', {x1: x(m.t), x2: x(m.t), y1: pad.top, y2: height - pad.bottom, class: 'marker'}),
      s('text', {x: x(m.t) + (right ? -3 : 3), y: pad.top + 10 + (i % 3) * 11, 'text-anchor': right ? 'end' : 'start',
        class: 'axis marker-label'}, m.label));
  });
  series.forEach((line, i) => {
    const color = line.color || PALETTE[i % PALETTE.length];
    const pts = line.points.map(p => [x(Date.parse(p.time)), y(p.value)]).filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b));
    if (pts.length > 1) {
      svg.append(s('polyline', {points: pts.map(p => p.join(',')).join(' '), fill: 'none', stroke: color,
        'stroke-width': 2, 'stroke-dasharray': line.dashed ? '6 4' : null}));
    }
    for (const [a, b] of pts) svg.append(s('circle', {cx: a, cy: b, r: pts.length > 1 ? 2 : 4, fill: color}));
  });
  figure.append(svg, h('div', {class: 'legend'}, series.map((line, i) =>
    h('span', {}, h('i', {style: `background:${line.color || PALETTE[i % PALETTE.length]}`}), line.name))));
  return figure;
}

// the old side grey, the new one green, blue/green as named
const SIDES = {stable: '#6b7280', canary: '#16a34a', blue: '#2563eb', green: '#16a34a'};

/** A horizontal bar of percentages, e.g. traffic {stable: 90, canary: 10}. */
export function splitBar(parts) {
  const entries = Object.entries(parts || {}).filter(([, v]) => typeof v === 'number');
  if (!entries.length) return h('span', {class: 'muted'}, '—');
  return h('div', {class: 'split'}, entries.map(([name, pct], i) =>
    h('span', {style: `width:${Math.max(pct, 0)}%;background:${SIDES[name] ?? PALETTE[i % PALETTE.length]}`, title: `${name} ${pct}%`},
      pct >= 12 ? `${name} ${pct}%` : '')));
}
