// -runtime-metrics: the process metrics of the Prometheus client's process collector (same names),
// and in place of its Go runtime collector the Node heap and version (prom-client's names).
// /proc values are left out where there is no /proc.
import { readdirSync, readFileSync } from 'node:fs';

/** One metric family: its samples as [labels (without braces, '' for none), value]. */
export interface Family {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  samples: Array<[string, number]>;
}

function fromProc<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

const gauge = (name: string, help: string, value: number | undefined): Family =>
  ({ name, help, type: 'gauge', samples: value === undefined ? [] : [['', value]] });

export function runtimeFamilies(): Family[] {
  const cpu = process.cpuUsage();
  const mem = process.memoryUsage();
  const vsize = fromProc(() => Number(readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ')[20]));
  const maxFds = fromProc(() => Number(/^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'))![1]));
  return [
    { name: 'process_cpu_seconds_total', help: 'Total user and system CPU time spent in seconds.', type: 'counter', samples: [['', (cpu.user + cpu.system) / 1e6]] },
    gauge('process_open_fds', 'Number of open file descriptors.', fromProc(() => readdirSync('/proc/self/fd').length)),
    gauge('process_max_fds', 'Maximum number of open file descriptors.', maxFds),
    gauge('process_virtual_memory_bytes', 'Virtual memory size in bytes.', vsize),
    gauge('process_resident_memory_bytes', 'Resident memory size in bytes.', mem.rss),
    gauge('process_start_time_seconds', 'Start time of the process since unix epoch in seconds.', Date.now() / 1000 - process.uptime()),
    gauge('nodejs_heap_size_total_bytes', 'Process heap size from Node.js in bytes.', mem.heapTotal),
    gauge('nodejs_heap_size_used_bytes', 'Process heap size used from Node.js in bytes.', mem.heapUsed),
    gauge('nodejs_external_memory_bytes', 'Node.js external memory size in bytes.', mem.external),
    { name: 'nodejs_version_info', help: 'Node.js version info.', type: 'gauge', samples: [[`version="${process.version}"`, 1]] },
  ];
}
