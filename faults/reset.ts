// reset: reset_peer closes the connections with an RST (after params.timeout ms, default at once).
import { param, toxicFault } from './toxic.ts';

export const reset = toxicFault('reset', 'reset_peer', [], (spec) => ({ timeout: param(spec, 'timeout', 0) }));
