// bandwidth: at most params.rate KB/s.
import { param, toxicFault } from './toxic.ts';

export const bandwidth = toxicFault('bandwidth', 'bandwidth', ['rate'], (spec) => ({ rate: param(spec, 'rate', 64) }));
