/** Every domain event, by name. See docs/events.md for subscribing. */
import { ListingPublished } from '#events/listing-published.ts';
import { DemandPosted } from '#events/demand-posted.ts';
import { MatchProposed } from '#events/match-proposed.ts';
import { MatchAccepted } from '#events/match-accepted.ts';
import { MatchConfirmed } from '#events/match-confirmed.ts';
import { MatchDeclined } from '#events/match-declined.ts';
import { FairPublished } from '#events/fair-published.ts';
import { FairCancelled } from '#events/fair-cancelled.ts';
import { BoothBooked } from '#events/booth-booked.ts';
import { BoothCancelled } from '#events/booth-cancelled.ts';
import { RoleRequestDecided } from '#events/role-request-decided.ts';

export const EVENTS = { ListingPublished, DemandPosted, MatchProposed, MatchAccepted, MatchConfirmed, MatchDeclined, FairPublished, FairCancelled, BoothBooked, BoothCancelled, RoleRequestDecided } as const;
export type EventName = keyof typeof EVENTS;
export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];
