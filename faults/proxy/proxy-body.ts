// A proxy's JSON body (Toxiproxy's Proxy struct) decoded onto defaults, and its required fields.
import { decodeStruct, type GoStruct } from './decode.ts';
import { ApiError, ERR } from './errors.ts';
import type { ProxyConfig } from './proxy.ts';

const PROXY: GoStruct = { type: 'toxiproxy.Proxy', fields: { name: 'string', listen: 'string', upstream: 'string', enabled: 'bool' } };

export function decodeProxy(value: unknown, defaults: Record<string, unknown>): ProxyConfig & { enabled: boolean } {
  const input = { name: '', listen: '', upstream: '', enabled: true, ...defaults };
  decodeStruct(value, PROXY, input);
  return input;
}

export function requireFields(p: ProxyConfig, suffix = ''): void {
  if (p.name.length < 1) throw ApiError.join(`name${suffix}`, ERR.missingField);
  if (p.upstream.length < 1) throw ApiError.join(`upstream${suffix}`, ERR.missingField);
}

