// slicer: chops the stream into ~params.average_size-byte pieces, params.delay microseconds apart.
import { param, toxicFault } from './toxic.ts';

export const slicer = toxicFault('slicer', 'slicer', [], (spec) => ({
  average_size: param(spec, 'average_size', 64),
  size_variation: param(spec, 'size_variation', 32),
  delay: param(spec, 'delay', 100),
}));
