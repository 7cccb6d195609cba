// slow_close: the connection's close is delayed by params.delay ms.
import { param, toxicFault } from './toxic.ts';

export const slowClose = toxicFault('slow_close', 'slow_close', ['delay'], (spec) => ({ delay: param(spec, 'delay', 500) }));
