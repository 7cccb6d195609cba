// Set-up facts that do not change within a process (the QEMU binary's version, the fixed build's
// path, the guest image): asked once each. A failure is not remembered: the next caller asks again
// (e.g. after `colo-chaos qemu build` has run).
const once = new Map<string, Promise<unknown>>();

export function memo<T>(key: string, make: () => Promise<T>): Promise<T> {
  let p = once.get(key) as Promise<T> | undefined;
  if (!p) {
    p = make();
    once.set(key, p);
    p.catch(() => once.delete(key));
  }
  return p;
}
