// Part 3: opening cases (matrix cells, failing list, table) and the case table's filter.
const RUN = JSON.parse(document.getElementById('run-data').textContent);
const detail = document.getElementById('detail');
const timelines = new Map();

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
