import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MarketPart, type ResolveOptions } from '#domain/matching/market.ts';
import { allocate } from '#domain/matching/solver/index.ts';
import { arrivals, makeMarket } from '#test/support/market.ts';

/** Replays a market through the model alone, in one arrival order. */
function replay(seed: number, order: number, n: number, options: ResolveOptions) {
  const market = makeMarket(seed, { listings: n, demands: n, sourcing: 2, provinces: 6, spreadDays: 40 });
  const part = new MarketPart('test');
  for (const c of arrivals(market, order)) part.resolve(c.kind === 'listing' ? part.upsertListing(c.next) : part.upsertDemand(c.next), options);
  return part;
}

function usedKg(part: MarketPart) {
  const used = new Map<string, number>();
  for (const f of part.flows()) for (const id of [f.listingId, f.demandId]) used.set(id, (used.get(id) ?? 0) + f.kg);
  return used;
}

describe('MarketPart', () => {
  it('keeps every volume when only small neighbourhoods are re-solved (as in parts too big to re-solve whole)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 10, max: 40 }), (seed, order, n) => {
        const part = replay(seed, order, n, { wholePartArcs: 0, maxNodes: 60, wholeEvery: Infinity });
        for (const [id, kg] of usedKg(part)) expect(kg).toBeLessThanOrEqual((part.listings.get(id) ?? part.demands.get(id))!.remainingKg);
      }),
      { numRuns: 15 },
    );
  });

  it('settles on the part’s optimum whatever the arrival order, within every volume', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 10, max: 40 }), (seed, orderA, orderB, n) => {
        const a = replay(seed, orderA, n, {});
        const b = replay(seed, orderB, n, {});
        const optimum = allocate(a.wholeProblem()).objective;
        for (const part of [a, b]) {
          for (const [id, kg] of usedKg(part)) expect(kg).toBeLessThanOrEqual((part.listings.get(id) ?? part.demands.get(id))!.remainingKg);
          expect(part.objective()).toBeGreaterThanOrEqual(0.98 * optimum - 1e-6);
        }
        expect(Math.abs(a.objective() - b.objective())).toBeLessThanOrEqual(0.02 * optimum + 1e-6);
      }),
      { numRuns: 15 },
    );
  });
});
