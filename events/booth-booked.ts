/** BoothBooked: A cooperative booked a booth for one of its sellers. */
import { defineEvent } from '#events/envelope.ts';
import { BoothSnapshot, boothExample } from '#events/snapshots.ts';

export const BoothBooked = defineEvent({
  name: 'BoothBooked',
  source: 'ketnoi.fairs',
  version: 1,
  description: 'A cooperative booked a booth for one of its sellers.',
  data: BoothSnapshot,
  example: boothExample,
});
