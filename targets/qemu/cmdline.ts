// QEMU command lines for a diskless COLO pair on one host (after QEMU's docs/COLO-FT.txt, both on
// 127.0.0.1), as argument arrays.
// Both VMs get an identical guest definition; only the netdev plumbing and -incoming differ.
import { DATA_DIRS } from './paths.ts';

export interface CommonArgs {
  kernel: string;
  initrd: string;
  accounts: number;
  memMb: number;
  qmpSocket: string;
  serialLog: string;
  /** ttyS1: the guest's state probe (guest-probe.ts), a unix socket server. */
  probeSocket: string;
  /** Add -L Debian's data dirs (a QEMU built with another prefix needs them). */
  dataDirs: boolean;
}

export const TRACE_EVENTS = [
  'colo_vm_state_change', 'colo_send_message', 'colo_receive_message', 'colo_failover_set_state',
  'colo_flush_ram_cache_begin', 'colo_flush_ram_cache_end',
];

function common(c: CommonArgs, name: string): string[] {
  return [
    '-name', name, '-accel', 'tcg', '-M', 'pc', '-m', String(c.memMb), '-smp', '1',
    '-display', 'none', '-monitor', 'none', '-serial', `file:${c.serialLog}`, '-serial', `unix:${c.probeSocket},server=on,wait=off`, '-no-reboot',
    ...(c.dataDirs ? DATA_DIRS.flatMap((d) => ['-L', d]) : []),
    '-kernel', c.kernel, '-initrd', c.initrd, '-append', `console=ttyS0 quiet panic=-1 colo.accounts=${c.accounts}`,
    '-qmp', `unix:${c.qmpSocket},server=on,wait=off`,
    ...TRACE_EVENTS.flatMap((t) => ['-trace', t]),
  ];
}

/** Block replication (QEMU's block/replication.c, docs/block-replication.txt): qcow2 images, all the same size. */
export interface DiskImages {
  primary: string;
  secondary: string;
  active: string;
  hidden: string;
}

export function primaryDiskArgs(d: DiskImages): string[] {
  return [
    '-drive', `if=none,id=colo-disk0,driver=quorum,read-pattern=fifo,vote-threshold=1,children.0.file.filename=${d.primary},children.0.driver=qcow2`,
    '-device', 'virtio-blk-pci,drive=colo-disk0',
  ];
}

export function secondaryDiskArgs(d: DiskImages): string[] {
  return [
    '-drive', `if=none,id=parent0,file.filename=${d.secondary},driver=qcow2`,
    '-drive', `if=none,id=childs0,driver=replication,mode=secondary,file.driver=qcow2,top-id=colo-disk0,file.file.filename=${d.active},file.backing.driver=qcow2,file.backing.file.filename=${d.hidden},file.backing.backing=parent0`,
    '-drive', 'if=none,id=colo-disk0,driver=quorum,read-pattern=fifo,vote-threshold=1,children.0=childs0',
    '-device', 'virtio-blk-pci,drive=colo-disk0',
  ];
}

export interface PrimaryPorts {
  /** Where the primary's guest service is forwarded (the client proxy's upstream). */
  client: number;
  /** Chardev servers the secondary reaches through the fault network. */
  mirror: number;
  svmOut: number;
  /** Primary-local loops (not between the QEMUs). */
  compareIn: number;
  compareOut: number;
}

export function primaryArgs(c: CommonArgs, p: PrimaryPorts): string[] {
  const h = '127.0.0.1';
  return [
    ...common(c, 'primary'),
    '-netdev', `user,id=hn0,hostfwd=tcp:${h}:${p.client}-:80`, '-device', 'virtio-net-pci,id=e0,netdev=hn0,romfile=',
    '-chardev', `socket,id=mirror0,host=${h},port=${p.mirror},server=on,wait=off`,
    // wait=on: the primary starts only once the secondary's svm-out chardev is connected
    '-chardev', `socket,id=compare1,host=${h},port=${p.svmOut},server=on,wait=on`,
    '-chardev', `socket,id=compare0,host=${h},port=${p.compareIn},server=on,wait=off`,
    '-chardev', `socket,id=compare0-0,host=${h},port=${p.compareIn}`,
    '-chardev', `socket,id=compare_out,host=${h},port=${p.compareOut},server=on,wait=off`,
    '-chardev', `socket,id=compare_out0,host=${h},port=${p.compareOut}`,
    '-object', 'filter-mirror,id=m0,netdev=hn0,queue=tx,outdev=mirror0',
    '-object', 'filter-redirector,netdev=hn0,id=redire0,queue=rx,indev=compare_out',
    '-object', 'filter-redirector,netdev=hn0,id=redire1,queue=rx,outdev=compare0',
    '-object', 'iothread,id=iothread1',
    '-object', 'colo-compare,id=comp0,primary_in=compare0-0,secondary_in=compare1,outdev=compare_out0,iothread=iothread1',
    '-S',
  ];
}

export interface SecondaryPorts {
  /** Fault-proxy addresses of the primary's mirror and svm-out chardevs. */
  mirror: number;
  svmOut: number;
  /** -incoming port (behind the checkpoint tap). */
  incoming: number;
}

/** `reconnectArg`: 'reconnect=1' for QEMU < 9, 'reconnect-ms=1000' for newer ones. */
export function secondaryArgs(c: CommonArgs, p: SecondaryPorts, reconnectArg: string): string[] {
  const h = '127.0.0.1';
  return [
    ...common(c, 'secondary'),
    '-netdev', 'user,id=hn0', '-device', 'virtio-net-pci,id=e0,netdev=hn0,romfile=',
    '-chardev', `socket,id=red0,host=${h},port=${p.mirror},${reconnectArg}`,
    '-chardev', `socket,id=red1,host=${h},port=${p.svmOut},${reconnectArg}`,
    '-object', 'filter-redirector,id=f1,netdev=hn0,queue=tx,indev=red0',
    '-object', 'filter-redirector,id=f2,netdev=hn0,queue=rx,outdev=red1',
    '-object', 'filter-rewriter,id=rew0,netdev=hn0,queue=all',
    '-incoming', `tcp:${h}:${p.incoming}`,
  ];
}
