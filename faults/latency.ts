// latency: params.latency ms (+/- params.jitter) on every chunk; the jitter's seed is the harness's.
import { param, toxicFault } from './toxic.ts';

export const latency = toxicFault('latency', 'latency', ['latency'], (spec, random) => {
  const jitter = param(spec, 'jitter', 0);
  // the proxy applies jitter with its own RNG; a seeded offset keeps our share reproducible
  return { latency: param(spec, 'latency', 0) + (jitter > 0 ? random.int(0, jitter) : 0), jitter };
});
