import { describe, expect, it } from 'vitest';
import { EVENTS, EVENT_NAMES } from '#events/index.ts';

describe('the event catalogue', () => {
  it('has the eleven events other teams rely on', () => {
    expect(EVENT_NAMES.sort()).toEqual(
      ['BoothBooked', 'BoothCancelled', 'DemandPosted', 'FairCancelled', 'FairPublished', 'ListingPublished', 'MatchAccepted', 'MatchConfirmed', 'MatchDeclined', 'MatchProposed', 'RoleRequestDecided'].sort(),
    );
  });

  it.each(EVENT_NAMES)('gives %s a name, a source, a version and an example its schema accepts', (name) => {
    const def = EVENTS[name];
    expect(def.name).toBe(name);
    expect(def.source).toMatch(/^ketnoi\.[a-z]+$/);
    expect(def.version).toBeGreaterThanOrEqual(1);
    const parsed = def.data.safeParse(def.example);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
  });
});
