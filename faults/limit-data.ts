// limit_data: close the connection after params.bytes more bytes (counted from the injection,
// so armed at a stream breakpoint it cuts inside the RAM or device stream).
import { param, toxicFault } from './toxic.ts';

export const limitData = toxicFault('limit_data', 'limit_data', ['bytes'], (spec) => ({ bytes: param(spec, 'bytes', 0) }));
