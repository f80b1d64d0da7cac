import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MarketPart } from '#domain/matching/market.ts';
import { allocate } from '#domain/matching/allocation.ts';
import { arrivals, makeMarket } from '#test/support/market.ts';

/** Replays a market through the model alone, re-solving neighbourhoods only (as in big parts). */
function replay(seed: number, order: number, n: number, maxNodes: number) {
  const market = makeMarket(seed, { listings: n, demands: n, sourcing: 2, provinces: 6, spreadDays: 40 });
  const part = new MarketPart('test');
  for (const c of arrivals(market, order)) part.resolve(c.kind === 'listing' ? part.upsertListing(c.next) : part.upsertDemand(c.next), { wholePartArcs: 0, maxNodes });
  return part;
}

describe('MarketPart neighbourhood re-solve', () => {
  it('keeps every volume and stays near the whole-market optimum when only neighbourhoods are re-solved', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 10, max: 40 }), (seed, order, n) => {
        const part = replay(seed, order, n, 60);
        const used = new Map<string, number>();
        for (const f of part.flows()) for (const id of [f.listingId, f.demandId]) used.set(id, (used.get(id) ?? 0) + f.kg);
        for (const [id, kg] of used) expect(kg).toBeLessThanOrEqual((part.listings.get(id) ?? part.demands.get(id))!.remainingKg);
        const optimum = allocate(part.wholeProblem()).objective;
        expect(part.objective()).toBeGreaterThanOrEqual(0.98 * optimum - 1e-6);
      }),
      { numRuns: 15 },
    );
  });
});
