/** FairCancelled: An organiser cancelled a fair; sellers holding booths are in the audience. */
import { defineEvent } from '#events/envelope.ts';
import { FairSnapshot, fairExample } from '#events/snapshots.ts';

export const FairCancelled = defineEvent({
  name: 'FairCancelled',
  source: 'ketnoi.fairs',
  version: 1,
  description: 'An organiser cancelled a fair; sellers holding booths are in the audience.',
  data: FairSnapshot,
  example: fairExample({ bookedCount: 12 }),
});
