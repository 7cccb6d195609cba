// Part 2: one case's timeline as SVG — phases of both replicas, fault windows, checkpoints,
// output held/released, client ops, failover/exit marks — with zoom buttons and drag-to-zoom.
function drawInto(body, tl) {
  const tools = el('div', { class: 'tl-tools' });
  const holder = el('div', { class: 'tl-holder' });
  const pad = Math.max(1, (tl.end - tl.start) * 0.02);
  const whole = [Math.max(0, tl.start - pad), tl.end + pad];
  const f = tl.faults[0];
  const btn = (label, range) => { const b = el('button', {}, label); b.addEventListener('click', () => render(range)); return b; };
  tools.append(btn('whole case', whole));
  if (f) tools.append(btn('checkpoint ' + f.checkpoint + ' and the fault', faultCheckpoint(tl, f)));
  tools.append(el('span', {}, 'drag across the timeline to zoom; hover for details'));
  if (tl.droppedOps) tools.append(el('span', {}, ' · ' + tl.droppedOps + ' client ops past the first ' + tl.ops.length + ' not drawn'));
  body.append(tools, holder);
  function render(range) { holder.replaceChildren(drawTimeline(tl, range, render)); }
  render(whole);
}

// the fault's checkpoint transaction: its first non-idle phase to its last phase (or the fault)
function faultCheckpoint(tl, f) {
  const ts = [];
  for (const role of ['primary', 'secondary']) for (const [t, p, n] of tl.phases[role]) if (n === f.checkpoint && p !== 'P0' && p !== 'S0') ts.push(t);
  const a = Math.min(f.inject, ...ts), b = Math.max(f.inject + 1, ...ts);
  const pad = Math.max(0.5, (b - a) * 0.12);
  return [Math.max(0, a - pad), b + 4 * pad];
}

function phaseColour(p) {
  if (p === 'P0' || p === 'S0') return '#e6e9ed';
  const list = RUN.phases.filter((q) => q[0] === p[0]);
  const k = list.indexOf(p) / Math.max(1, list.length - 1);
  return p[0] === 'P' ? 'hsl(' + (210 - 40 * k) + ',62%,' + (72 - 22 * k) + '%)' : 'hsl(' + (280 - 40 * k) + ',45%,' + (76 - 22 * k) + '%)';
}

function drawTimeline(tl, range, rerender) {
  const W = 1160, L = 118, R = 16;
  const processes = [...new Set(tl.ops.map((o) => o[0]))].sort((a, b) => a - b);
  const clientLanes = processes.length > 8 ? ['clients'] : processes.map((p) => 'client ' + p);
  const lanes = ['faults', 'primary', 'secondary', 'checkpoints', 'output', ...clientLanes, 'events'];
  const faultRows = Math.max(1, Math.min(4, tl.faults.length));
  const laneH = (name) => (name === 'primary' || name === 'secondary' ? 26 : name === 'faults' ? 22 * faultRows : name === 'events' ? 24 : 18);
  const y = {};
  let cur = 8;
  for (const n of lanes) { y[n] = cur; cur += laneH(n) + 6; }
  const H = cur + 26;
  const [t0, t1] = range;
  const x = (t) => L + ((Math.min(Math.max(t, t0), t1) - t0) / (t1 - t0)) * (W - L - R);
  const visible = (a, b) => b >= t0 && a <= t1;
  const svg = sv('svg', { class: 'timeline', viewBox: '0 0 ' + W + ' ' + H, width: W, height: H, 'data-t0': t0, 'data-t1': t1 });
  const g = (cls) => svg.appendChild(sv('g', { class: cls }));

  const labels = g('lanes');
  lanes.forEach((n, i) => {
    if (i % 2 === 0) labels.append(sv('rect', { x: L, y: y[n] - 3, width: W - L - R, height: laneH(n) + 6, fill: '#fafbfc' }));
    labels.append(sv('text', { class: 'lane-label', x: L - 8, y: y[n] + laneH(n) / 2 + 4, 'text-anchor': 'end' }, n));
  });

  // fault windows first, so everything else draws over them
  const fw = g('fault-windows');
  tl.faults.forEach((f, i) => {
    const end = f.heal ?? tl.end;
    if (!visible(f.inject, end)) return;
    const r = sv('rect', { class: 'fault-window', x: x(f.inject), y: y.faults, width: Math.max(2, x(end) - x(f.inject)), height: H - 26 - y.faults, fill: 'rgba(214,48,44,0.13)', stroke: '#d6302c', 'stroke-dasharray': f.heal === null ? '5 3' : '' });
    fw.append(tip(r, 'fault ' + (i + 1) + ': ' + f.label + '\ninjected ' + fmtMs(f.inject) + (f.heal === null ? ', never healed' : ', healed ' + fmtMs(f.heal) + ' (' + fmtMs(f.heal - f.inject) + ')')));
    const fy = y.faults + 22 * (i % faultRows);
    fw.append(sv('rect', { x: x(f.inject), y: fy, width: Math.max(2, x(end) - x(f.inject)), height: 20, fill: '#d6302c', rx: 3 }));
    fw.append(clipText(sv('text', { x: x(f.inject) + 4, y: fy + 14, fill: '#fff', 'font-weight': 600 }, '⚡ ' + f.label), x(end) - x(f.inject) - 6));
  });

  for (const role of ['primary', 'secondary']) {
    const lane = g('phases ' + role);
    const steps = tl.phases[role];
    const exits = tl.exits[role];
    const exitAfter = (t) => exits.find((e) => e >= t) ?? Infinity;
    steps.forEach(([t, p, n], k) => {
      const next = Math.min(k + 1 < steps.length ? steps[k + 1][0] : tl.end, exitAfter(t));
      if (next <= t) return;
      if (!visible(t, next)) return;
      const x0 = x(t), w = Math.max(0.8, x(next) - x0);
      lane.append(tip(sv('rect', { x: x0, y: y[role], width: w, height: laneH(role), fill: phaseColour(p), stroke: '#fff', 'stroke-width': 0.5 }), p + ' ' + (RUN.phaseNames[p] || '') + ' · checkpoint ' + n + '\n' + fmtMs(t) + ' – ' + fmtMs(next)));
      if (w > 24) lane.append(sv('text', { x: x0 + w / 2, y: y[role] + 17, 'text-anchor': 'middle', 'pointer-events': 'none' }, w > 60 ? p + ' #' + n : p));
    });
    for (const gone of exits) {
      const back = (steps.find(([t]) => t > gone) || [tl.end])[0];
      if (!visible(gone, back)) continue;
      lane.append(sv('rect', { x: x(gone), y: y[role] + laneH(role) / 2 - 1, width: Math.max(0, x(back) - x(gone)), height: 2, fill: '#8c959f' }));
      lane.append(sv('text', { x: x(gone) + 6, y: y[role] + laneH(role) / 2 - 4, fill: '#5f6b76' }, 'not running'));
    }
  }
  const pz = g('paused');
  for (const [t, role, p, n] of tl.paused) {
    if (!visible(t, t)) continue;
    pz.append(tip(sv('path', { d: 'M' + (x(t) - 4) + ' ' + (y[role] - 4) + 'h3v10h-3z M' + (x(t) + 1) + ' ' + (y[role] - 4) + 'h3v10h-3z', fill: '#1f2328' }), 'breakpoint: ' + role + ' paused at ' + p + ' of checkpoint ' + n + ' (' + fmtMs(t) + ')'));
  }

  const cp = g('checkpoints');
  for (const [t, n, d, b, p] of tl.checkpoints) {
    if (!visible(t, t)) continue;
    const cy = y.checkpoints + 9;
    const what = n === 0 ? 'initial sync (checkpoint 0)' : 'checkpoint #' + n;
    cp.append(tip(sv('path', { d: 'M' + x(t) + ' ' + (cy - 7) + 'l6 7l-6 7l-6-7z', fill: n === 0 ? '#8c959f' : '#0b62c4' }), what + ' taken at ' + fmtMs(t) + '\ndowntime ' + (d ? fmtMs(d) : 'not measured (never completed)') + '\nbytes sent ' + fmtBytes(b) + '\ndirty pages ' + p));
    cp.append(sv('text', { x: x(t) + 8, y: cy + 4 }, n === 0 ? 'sync' : '#' + n + (d ? ' ' + fmtMs(d) : '')));
  }

  const out = g('output');
  for (const [t, role, seq, reason] of tl.held) {
    if (!visible(t, t)) continue;
    out.append(tip(sv('path', { d: 'M' + x(t) + ' ' + (y.output + 2) + 'l5 12h-10z', fill: '#e0a021' }), 'output held by the ' + role + ' (seq ' + seq + ', ' + reason + ') at ' + fmtMs(t)));
  }
  for (const [t, role, count, reason] of tl.released) {
    if (!visible(t, t)) continue;
    out.append(tip(sv('rect', { x: x(t) - 1.5, y: y.output, width: 3, height: 18, fill: reason === 'match' || reason === 'served' ? '#9ccfb0' : '#2f9e5b' }), count + ' output(s) released by the ' + role + ' (' + reason + ') at ' + fmtMs(t)));
  }

  const ops = g('ops');
  const opColour = { ok: '#2f9e5b', fail: '#e07b39', info: '#8a63d2', open: '#9aa4ae' };
  for (const [proc, a, b, outcome, f, server] of tl.ops) {
    const end = b ?? tl.end;
    if (!visible(a, end)) continue;
    const lane = clientLanes.length === 1 && clientLanes[0] === 'clients' ? 'clients' : 'client ' + proc;
    ops.append(tip(sv('rect', { x: x(a), y: y[lane] + 3, width: Math.max(1.5, x(end) - x(a)), height: 12, rx: 2, fill: opColour[outcome] || '#9aa4ae' }), 'client ' + proc + ' ' + f + ' → ' + server + ': ' + outcome + '\n' + fmtMs(a) + (b === null ? ', no answer' : ' – ' + fmtMs(b))));
  }

  const marks = g('marks');
  const markColour = { failover: '#0b62c4', standalone: '#0b62c4', fenced: '#6e40c9', exit: '#1f2328', error: '#c9302c' };
  tl.marks.forEach((m, k) => {
    if (!visible(m.t, m.t)) return;
    const c = markColour[m.kind] || '#1f2328';
    marks.append(sv('line', { x1: x(m.t), y1: y.primary - 2, x2: x(m.t), y2: y.events + 20, stroke: c, 'stroke-width': 1.5, 'stroke-dasharray': '3 2' }));
    marks.append(tip(sv('circle', { cx: x(m.t), cy: y.events + 12, r: 5, fill: c }), fmtMs(m.t) + ': ' + m.text));
    const right = x(m.t) > W - R - 70;
    marks.append(sv('text', { x: x(m.t) + (right ? -7 : 7), y: y.events + 8 + (k % 2) * 10, fill: c, 'font-weight': 600, 'text-anchor': right ? 'end' : 'start' }, m.kind));
  });

  const axis = g('axis');
  const step = niceStep((t1 - t0) / 10);
  axis.append(sv('line', { x1: L, y1: H - 22, x2: W - R, y2: H - 22, stroke: '#8c959f' }));
  for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) {
    axis.append(sv('line', { x1: x(t), y1: H - 22, x2: x(t), y2: H - 17, stroke: '#8c959f' }));
    axis.append(sv('text', { x: x(t), y: H - 6, 'text-anchor': 'middle' }, axisLabel(t, step)));
  }

  zoomByDrag(svg, W, L, R, t0, t1, rerender);
  const legend = el('div', { class: 'legend' },
    key('#d6302c', 'fault window (inject → heal)'), key('#7fa6df', 'primary phases'), key('#b7a3d6', 'secondary phases'), key('#0b62c4', 'checkpoint done'),
    key('#e0a021', 'output held'), key('#2f9e5b', 'output released'), key('#2f9e5b', 'op ok'), key('#8a63d2', 'op info (indeterminate)'), key('#e07b39', 'op fail'), key('#1f2328', 'exit / failover / fence'));
  return el('div', {}, svg, legend);
}

// labels as fine as the tick step, so neighbouring ticks never read the same
function axisLabel(t, step) {
  if (step >= 100) return (t / 1000).toFixed(Math.max(0, 3 - Math.round(Math.log10(step)))) + ' s';
  return t.toFixed(Math.max(0, -Math.floor(Math.log10(step)))) + ' ms';
}
function key(colour, text) { const s = el('span', {}, el('i', { style: 'background:' + colour }), text); return s; }
function niceStep(raw) {
  const pow = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-6))));
  return [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) || raw;
}
function clipText(text, width) {
  // a fault label wider than its window would run over the lanes: shorten it, keep the full text as a tooltip
  if (width < 14) text.textContent = '⚡';
  else if (text.textContent.length * 6.2 > width) text.textContent = text.textContent.slice(0, Math.max(1, Math.floor(width / 6.2) - 1)) + '…';
  return text;
}

function zoomByDrag(svg, W, L, R, t0, t1, rerender) {
  let start = null;
  const band = sv('rect', { y: 0, height: '100%', fill: 'rgba(11,98,196,0.12)', width: 0, x: 0 });
  svg.append(band);
  const toT = (ev) => {
    const box = svg.getBoundingClientRect();
    const px = ((ev.clientX - box.left) / box.width) * W;
    return t0 + ((Math.min(Math.max(px, L), W - R) - L) / (W - L - R)) * (t1 - t0);
  };
  const toX = (t) => L + ((t - t0) / (t1 - t0)) * (W - L - R);
  svg.addEventListener('mousedown', (ev) => { start = toT(ev); });
  svg.addEventListener('mousemove', (ev) => {
    if (start === null) return;
    const t = toT(ev);
    band.setAttribute('x', String(toX(Math.min(start, t))));
    band.setAttribute('width', String(Math.abs(toX(t) - toX(start))));
  });
  svg.addEventListener('mouseup', (ev) => {
    const t = toT(ev);
    const a = Math.min(start ?? t, t), b = Math.max(start ?? t, t);
    start = null;
    if (b - a > (t1 - t0) / 200) rerender([a, b]);
    else band.setAttribute('width', '0');
  });
}

