// A client connection through a proxy: the client socket, its upstream socket and the two links
// between them. It is gone once both sockets have closed.
import { connect, type Socket } from 'node:net';
import { Link } from './link.ts';
import type { Direction } from '../../core/model/case.ts';
import type { Traffic } from './metrics.ts';
import type { Toxic } from './toxic.ts';

// fewer pause/resume turns (each an epoll_ctl) when a destination is slower than its source
export const SOCKET_WATER = 1 << 20;

export interface ConnectionHooks {
  /** Bytes read and written per direction (the /metrics counters). */
  traffic: Record<Direction, Traffic>;
  count(direction: Direction, bytes: number): void;
  /** The upstream answered (or not): the proxy logs it. */
  upstream(ok: boolean, error?: string): void;
  closed(): void;
}

export class Connection {
  readonly links: Record<Direction, Link>;
  private readonly upstream: Socket;

  constructor(private readonly client: Socket, to: { host: string; port: number }, toxics: (d: Direction) => Toxic[], hooks: ConnectionHooks) {
    this.upstream = connect({ host: to.host, port: to.port, allowHalfOpen: true, noDelay: true, writableHighWaterMark: SOCKET_WATER, readableHighWaterMark: SOCKET_WATER } as never);
    let answered = false;
    this.upstream.once('connect', () => {
      answered = true;
      hooks.upstream(true);
    });
    this.upstream.on('error', (e) => {
      if (!answered) hooks.upstream(false, e.message);
      answered = true;
    });
    this.client.on('error', () => undefined);
    this.client.setNoDelay(true);
    this.links = {
      upstream: new Link('upstream', client, this.upstream, hooks.traffic.upstream, (n) => hooks.count('upstream', n)),
      downstream: new Link('downstream', this.upstream, client, hooks.traffic.downstream, (n) => hooks.count('downstream', n)),
    };
    this.links.upstream.start(toxics('upstream'));
    this.links.downstream.start(toxics('downstream'));
    let open = 2;
    const onClose = (): void => {
      if (--open > 0) return;
      this.links.upstream.dispose();
      this.links.downstream.dispose();
      hooks.closed();
    };
    this.client.once('close', onClose);
    this.upstream.once('close', onClose);
    this.client.resume();
  }

  /** The proxy was disabled or deleted: close both sides now. */
  destroy(): void {
    this.client.destroy();
    this.upstream.destroy();
  }
}
