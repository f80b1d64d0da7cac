/**
 * The market model against an independent solver: on small random markets, the proposals a
 * part settles on (arrivals one at a time, each re-solving the part) are checked against GLPK's
 * exact MILP with minimum lots (glpk.js), and against its LP bound.
 */
import { describe, expect, it } from 'vitest';
import { MarketPart } from '#domain/matching/market.ts';
import { arrivals, makeMarket } from '#test/support/market.ts';
import { runGlpk } from '#test/bench/allocation.bench.ts';

describe('market allocation against GLPK', () => {
  it('settles within 2 % of GLPK’s optimum with minimum lots, and never above its LP bound, on 12 small markets', async () => {
    const ratios: number[] = [];
    for (let k = 0; k < 12; k++) {
      const market = makeMarket(100 + k, { listings: 8 + k, demands: 8 + k, sourcing: 2, provinces: 5, spreadDays: 30 });
      const part = new MarketPart('glpk');
      for (const c of arrivals(market, 7 + k)) part.resolve(c.kind === 'listing' ? part.upsertListing(c.next) : part.upsertDemand(c.next));
      const glpk = await runGlpk(part.wholeProblem(), 20);
      expect(glpk.available, glpk.error).toBe(true);
      expect(glpk.milp?.status).toBe('optimal');
      const optimum = glpk.milp!.objective!;
      expect(part.objective()).toBeLessThanOrEqual(glpk.lp!.objective + 1e-6);
      expect(part.objective()).toBeGreaterThanOrEqual(0.98 * optimum - 1e-6);
      ratios.push(optimum ? part.objective() / optimum : 1);
    }
    expect(ratios).toHaveLength(12);
  });
});
