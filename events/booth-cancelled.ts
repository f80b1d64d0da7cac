/** BoothCancelled: A booking was cancelled and the booth freed. */
import { defineEvent } from '#events/envelope.ts';
import { BoothSnapshot, boothExample } from '#events/snapshots.ts';

export const BoothCancelled = defineEvent({
  name: 'BoothCancelled',
  source: 'ketnoi.fairs',
  version: 1,
  description: 'A booking was cancelled and the booth freed.',
  data: BoothSnapshot,
  example: boothExample,
});
