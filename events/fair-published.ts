/** FairPublished: An organiser published a fair: it is visible and open for booth bookings. */
import { defineEvent } from '#events/envelope.ts';
import { FairSnapshot, fairExample } from '#events/snapshots.ts';

export const FairPublished = defineEvent({
  name: 'FairPublished',
  source: 'ketnoi.fairs',
  version: 1,
  description: 'An organiser published a fair: it is visible and open for booth bookings.',
  data: FairSnapshot,
  example: fairExample({ bookedCount: 0 }),
});
