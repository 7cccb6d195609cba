// Holds a port that QEMU binds only much later (the secondary's client hostfwd, added at
// failover), so no other process can take it meanwhile; released right before QEMU binds it.
import { createServer } from 'node:net';
import { PortTakenError } from '../../core/ports.ts';

export interface PortHold {
  /** Close the placeholder listener (idempotent). */
  release(): Promise<void>;
}

export function holdPort(host: string, port: number): Promise<PortHold> {
  return new Promise((resolve, reject) => {
    // a client that comes early finds the service closed, as with nothing listening
    const srv = createServer((s) => s.destroy());
    srv.once('error', (e: NodeJS.ErrnoException) => reject(e.code === 'EADDRINUSE' ? new PortTakenError(`port ${port} was taken before it could be held`) : e));
    srv.listen(port, host, () => {
      let closed: Promise<void> | null = null;
      resolve({ release: () => (closed ??= new Promise((r) => srv.close(() => r()))) });
    });
  });
}
