/**
 * The counters of a statistics row (domain/stats.ts). Apart from the stats use cases, so the
 * table adapter every function bundles (functions/data/stats.ts) does not build their schemas
 * at cold start.
 */
export const STAT_FIELDS = [
  'listings',
  'listedKg',
  'demands',
  'demandedKg',
  'matches',
  'proposedKg',
  'confirmedMatches',
  'confirmedKg',
  'fairs',
  'booths',
  'bookedBooths',
] as const;
export type StatField = (typeof STAT_FIELDS)[number];
