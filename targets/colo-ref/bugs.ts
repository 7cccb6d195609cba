// Planted bugs (off by default): each breaks one COLO invariant; see README.md.
export const BUGS = [
  'direct-ram-write',
  'early-release',
  'skip-svm-dirty',
  'partial-device-load',
  'no-relaunch',
  'lost-held-output',
  'early-vmstate-received',
  'unsent-page',
  'release-without-lease',
] as const;
export type Bug = (typeof BUGS)[number];
