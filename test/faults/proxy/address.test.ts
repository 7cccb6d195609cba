// Listen addresses resolved as Go's ResolveTCPAddr does for Toxiproxy, with our loopback default,
// and where a wildcard binds. (The wildcard itself is not bound here: tests stay on 127.0.0.1.)
import { expect, it } from 'vitest';
import { bindHosts, formatAddress, resolveListen } from '../../../faults/proxy/address.ts';

it('resolves host names to their IPv4 address and keeps IP literals as written', async () => {
  expect(await resolveListen('localhost:7070', '127.0.0.1')).toEqual({ host: '127.0.0.1', port: 7070 });
  expect(await resolveListen('127.0.0.1:7070', '127.0.0.1')).toEqual({ host: '127.0.0.1', port: 7070 });
  expect(await resolveListen('0.0.0.0:7070', '127.0.0.1')).toEqual({ host: '0.0.0.0', port: 7070 });
  expect(await resolveListen('[::1]:7070', '127.0.0.1')).toEqual({ host: '::1', port: 7070 });
  await expect(resolveListen('local373', '127.0.0.1')).rejects.toThrow('listen tcp local373: address local373: missing port in address');
});

it('puts a proxy without listen, or without a host, on the API\'s host (loopback) rather than every interface', async () => {
  expect(await resolveListen('', '127.0.0.1')).toEqual({ host: '127.0.0.1', port: 0 });
  expect(await resolveListen(':7070', '127.0.0.1')).toEqual({ host: '127.0.0.1', port: 7070 });
});

it('binds a wildcard as one dual-stack socket first, which reports [::]:port as Go does, IPv4 only as the fallback', () => {
  expect(bindHosts('0.0.0.0')).toEqual(['::', '0.0.0.0']);
  expect(bindHosts('::')).toEqual(['::', '0.0.0.0']);
  expect(bindHosts('127.0.0.1')).toEqual(['127.0.0.1']);
  expect(formatAddress('::', 7070)).toBe('[::]:7070');
});
