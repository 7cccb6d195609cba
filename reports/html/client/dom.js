// the script of report.html, part 1: DOM and SVG helpers. Every string goes in through textContent
// or setAttribute, never as markup. (The parts are joined into one function by page.ts.)
const SVG = 'http://www.w3.org/2000/svg';
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
