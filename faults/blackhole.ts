// blackhole (partition): a timeout toxic with timeout 0 drops every byte, no RST, until healed.
import { toxicFault } from './toxic.ts';

export const blackhole = toxicFault('blackhole', 'timeout', [], () => ({ timeout: 0 }));
