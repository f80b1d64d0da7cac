/** MatchConfirmed: Both sides accepted: the quantity is reserved on the listing and the demand. */
import { defineEvent } from '#events/envelope.ts';
import { MatchSnapshot, matchExample } from '#events/snapshots.ts';

export const MatchConfirmed = defineEvent({
  name: 'MatchConfirmed',
  source: 'ketnoi.matching',
  version: 1,
  description: 'Both sides accepted: the quantity is reserved on the listing and the demand.',
  data: MatchSnapshot,
  example: matchExample({ status: 'confirmed', sellerDecision: 'accepted', buyerDecision: 'accepted', confirmedKg: 5000 }),
});
