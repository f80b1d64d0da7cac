/** MatchProposed: Matching proposed a listing–demand pair with a quantity, a score and reasons. */
import { defineEvent } from '#events/envelope.ts';
import { MatchSnapshot, matchExample } from '#events/snapshots.ts';

export const MatchProposed = defineEvent({
  name: 'MatchProposed',
  source: 'ketnoi.matching',
  version: 1,
  description: 'Matching proposed a listing–demand pair with a quantity, a score and reasons.',
  data: MatchSnapshot,
  example: matchExample({}),
});
