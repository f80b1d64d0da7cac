/** MatchDeclined: One side declined; the pair will not be proposed again. */
import { defineEvent } from '#events/envelope.ts';
import { MatchSnapshot, matchExample } from '#events/snapshots.ts';

export const MatchDeclined = defineEvent({
  name: 'MatchDeclined',
  source: 'ketnoi.matching',
  version: 1,
  description: 'One side declined; the pair will not be proposed again.',
  data: MatchSnapshot,
  example: matchExample({ status: 'declined', buyerDecision: 'declined', decidedBy: 'buyer' }),
});
