/** MatchAccepted: One side accepted a proposed match; the other side has yet to decide. */
import { defineEvent } from '#events/envelope.ts';
import { MatchSnapshot, matchExample } from '#events/snapshots.ts';

export const MatchAccepted = defineEvent({
  name: 'MatchAccepted',
  source: 'ketnoi.matching',
  version: 1,
  description: 'One side accepted a proposed match; the other side has yet to decide.',
  data: MatchSnapshot,
  example: matchExample({ sellerDecision: 'accepted', decidedBy: 'seller' }),
});
