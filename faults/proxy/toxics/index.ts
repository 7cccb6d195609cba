// The toxic types, by Toxiproxy's registry name (an explicit map, no import side effects).
import { bandwidth } from './bandwidth.ts';
import type { ToxicKind } from './kind.ts';
import { latency } from './latency.ts';
import { limitData } from './limit-data.ts';
import { noop } from './noop.ts';
import { resetPeer } from './reset-peer.ts';
import { slicer } from './slicer.ts';
import { slowClose } from './slow-close.ts';
import { timeout } from './timeout.ts';

export const TOXICS: Readonly<Record<string, ToxicKind>> = {
  noop,
  latency,
  bandwidth,
  slow_close: slowClose,
  timeout,
  reset_peer: resetPeer,
  slicer,
  limit_data: limitData,
};

export function toxicKind(type: string): ToxicKind | undefined {
  return Object.hasOwn(TOXICS, type) ? TOXICS[type] : undefined;
}

export { NoopStage } from './noop.ts';
export type { Attrs, ToxicKind } from './kind.ts';
