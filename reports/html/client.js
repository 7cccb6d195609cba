// report.html's script: opens a case (from a matrix cell, the failing list or the table) and
// draws its timeline as SVG. Every string goes in through textContent, never as markup.
(() => {
  'use strict';
  const RUN = JSON.parse(document.getElementById('run-data').textContent);
  const SVG = 'http://www.w3.org/2000/svg';
  const detail = document.getElementById('detail');
  const timelines = new Map();

  function el(tag, attrs, ...kids) {
    const n = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) n.setAttribute(k, String(v));
    for (const k of kids) if (k !== null && k !== undefined) n.append(k instanceof Node ? k : String(k));
    return n;
  }
  function sv(tag, attrs, text) {
    const n = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) n.setAttribute(k, String(v));
    if (text !== undefined) n.textContent = String(text);
    return n;
  }
  function tip(node, text) { node.append(sv('title', {}, text)); return node; }
  function fmtMs(t) { return t >= 1000 ? (t / 1000).toFixed(2) + ' s' : (Math.round(t * 10) / 10) + ' ms'; }
  function fmtBytes(b) { return b >= 1048576 ? (b / 1048576).toFixed(1) + ' MiB' : b >= 1024 ? (b / 1024).toFixed(1) + ' KiB' : b + ' B'; }

  function timeline(i) {
    if (!timelines.has(i)) {
      const node = document.getElementById('tl-' + i);
      timelines.set(i, node ? JSON.parse(node.textContent) : null);
    }
    return timelines.get(i);
  }

  // --- opening cases -------------------------------------------------------------------
  function openCases(indices, title) {
    detail.hidden = false;
    detail.replaceChildren();
    detail.append(el('h3', {}, title));
    if (indices.length > 1) {
      const list = el('div', { class: 'case-list' });
      for (const i of indices) {
        const c = RUN.cases[i];
        const b = el('button', { class: 'v-' + c.verdict, 'data-case': i }, c.id);
        b.addEventListener('click', () => showCase(i, list));
        list.append(b);
      }
      detail.append(list);
    }
    detail.append(el('div', { class: 'case-body' }));
    showCase(indices[0], detail.querySelector('.case-list'));
    detail.scrollIntoView({ behavior: 'instant', block: 'start' });
  }

  function showCase(i, list) {
    if (list) for (const b of list.children) b.classList.toggle('on', Number(b.dataset.case) === i);
    const c = RUN.cases[i];
    const body = detail.querySelector('.case-body');
    body.replaceChildren();
    body.dataset.case = String(i);
    const head = el('div', {}, el('span', { class: 'badge v-' + c.verdict }, c.verdict), ' ', el('b', { class: 'mono' }, c.id));
    if (c.harnessBug) head.append(' ', el('span', { class: 'harness-bug' }, '⚠ failed on the clean pair (no planted bug): possible harness bug'));
    body.append(head);
    const facts = el('dl', { class: 'facts' });
    const fact = (k, v) => { if (v) facts.append(el('dt', {}, k), el('dd', {}, v)); };
    fact('fault', c.faults);
    fact('landed', c.landed);
    fact('checks', c.checks.map(([k, v]) => k + ': ' + v).join(' · '));
    fact('reproduction', c.reproduction);
    fact('seed', String(c.seed));
    fact('duration', fmtMs(c.durationMs));
    body.append(facts);
    if (c.violations.length) body.append(el('ul', { class: 'violations' }, ...c.violations.map((v) => el('li', {}, v))));
    body.append(el('div', {}, 'repro: ', el('code', { class: 'repro' }, c.repro)));
    if (c.files.length) body.append(el('div', { class: 'files' }, 'stored: ', ...c.files.flatMap(([name, href], k) => [k ? ' · ' : '', el('a', { href }, name)])));
    const tl = timeline(i);
    if (!tl || !c.hasEvents) body.append(el('p', { class: 'hint' }, 'No events were stored for this case (the run was stopped before they were written).'));
    else drawInto(body, tl);
    if (c.checkpoints.length) body.append(checkpointTable(c.checkpoints));
    if (tl && tl.notes.length) body.append(el('details', {}, el('summary', {}, 'notes (' + tl.notes.length + ')'), el('ul', {}, ...tl.notes.map(([t, m]) => el('li', {}, fmtMs(t) + ': ' + m)))));
  }

  function checkpointTable(rows) {
    const t = el('table', { class: 'kv checkpoints' });
    t.append(el('thead', {}, el('tr', {}, el('th', {}, 'checkpoint'), el('th', {}, 'downtime'), el('th', {}, 'bytes sent'), el('th', {}, 'dirty pages'))));
    const tb = el('tbody');
    for (const [n, d, b, p] of rows) tb.append(el('tr', {}, el('td', { class: 'num' }, n === 0 ? 'initial sync' : '#' + n), el('td', { class: 'num' }, d ? fmtMs(d) : '—'), el('td', { class: 'num' }, fmtBytes(b)), el('td', { class: 'num' }, String(p))));
    t.append(tb);
    return t;
  }

  // --- the timeline ----------------------------------------------------------------------
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

  const PHASE_ORDER = RUN.phases;
  function phaseColour(p) {
    if (p === 'P0' || p === 'S0') return '#e6e9ed';
    const list = PHASE_ORDER.filter((q) => q[0] === p[0]);
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

  // --- wiring -------------------------------------------------------------------------------
  for (const cell of document.querySelectorAll('td.cell')) {
    cell.addEventListener('click', () => {
      for (const s of document.querySelectorAll('td.cell.selected')) s.classList.remove('selected');
      cell.classList.add('selected');
      const ids = cell.dataset.cases.split(',').map(Number);
      openCases(ids, cell.dataset.fault + ' at ' + cell.dataset.phase + ', role ' + cell.dataset.role + ' (' + ids.length + (ids.length > 1 ? ' cases)' : ' case)'));
    });
  }
  for (const b of document.querySelectorAll('.open-case')) {
    b.addEventListener('click', () => openCases([Number(b.dataset.case)], 'case ' + RUN.cases[Number(b.dataset.case)].id));
  }
  const filter = document.getElementById('case-filter');
  if (filter) {
    const rows = [...document.querySelectorAll('#cases tbody tr')];
    const count = document.getElementById('filter-count');
    filter.addEventListener('input', () => {
      const words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
      let shown = 0;
      for (const r of rows) {
        const hit = words.every((w) => r.textContent.toLowerCase().includes(w));
        r.hidden = !hit;
        if (hit) shown++;
      }
      count.textContent = words.length ? shown + ' of ' + rows.length + ' cases' : '';
    });
  }
})();
