// /metrics as toxiproxy-server serves it (Prometheus text format 0.0.4): with -proxy-metrics the
// bytes each proxy received and sent per direction (toxiproxy_proxy_{received,sent}_bytes_total,
// labels direction, listener, proxy, upstream), with -runtime-metrics the process' own metrics.
// The route exists only when one of them is on, as in Toxiproxy. Counted as the bytes pass
// (Toxiproxy adds a link's total when it ends); a counter only appears once a connection has used it.
import { runtimeFamilies, type Family } from './runtime-metrics.ts';

export interface MetricsOptions {
  proxy: boolean;
  runtime: boolean;
}

export interface Traffic {
  received: number;
  sent: number;
}

export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const escapeLabel = (v: string): string => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

/** A value as Go's strconv.FormatFloat(v, 'g', -1, 64), which the Prometheus client prints. */
export function goFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  if (v === 0) return '0';
  const [mantissa, exp] = v.toExponential().split('e') as [string, string];
  const e = Number(exp);
  if (e < -4 || e >= 6) return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  return String(v);
}

export function exposition(families: Family[]): string {
  let out = '';
  for (const f of [...families].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (f.samples.length === 0) continue;
    out += `# HELP ${f.name} ${f.help}\n# TYPE ${f.name} ${f.type}\n`;
    for (const [labels, value] of [...f.samples].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      out += `${f.name}${labels ? `{${labels}}` : ''} ${goFloat(value)}\n`;
    }
  }
  return out;
}

export class Metrics {
  private readonly series = new Map<string, Traffic>();

  constructor(readonly options: MetricsOptions) {}

  get enabled(): boolean {
    return this.options.proxy || this.options.runtime;
  }

  /** The counters of one label set; a connection looks them up once and adds to them. */
  traffic(direction: string, proxy: string, listener: string, upstream: string): Traffic {
    const labels = [['direction', direction], ['listener', listener], ['proxy', proxy], ['upstream', upstream]]
      .map(([k, v]) => `${k}="${escapeLabel(v!)}"`).join(',');
    let t = this.series.get(labels);
    if (!t) this.series.set(labels, (t = { received: 0, sent: 0 }));
    return t;
  }

  text(): string {
    const families: Family[] = this.options.runtime ? runtimeFamilies() : [];
    if (this.options.proxy) {
      for (const kind of ['received', 'sent'] as const) {
        const samples = [...this.series].map(([labels, t]): [string, number] => [labels, t[kind]]);
        families.push({ name: `toxiproxy_proxy_${kind}_bytes_total`, help: '', type: 'counter', samples });
      }
    }
    return exposition(families);
  }
}
