/**
 * Random markets for the market-allocation tests and benchmark: listings and demands of one
 * product (a made-up product and category per market, so each market is a part of its own),
 * replayed through the stream processor's matching step (index sync, then `rematch`) in a given
 * order, and the checks of what a settled market must satisfy.
 */
import type { Listing } from '#domain/listings.ts';
import type { Demand } from '#domain/demands.ts';
import type { Deps } from '#domain/ports.ts';
import type { Match } from '#domain/matching/matches.ts';
import { rematch, type MatchRunReport } from '#domain/matching/engine.ts';
import { MarketPart } from '#domain/matching/market.ts';
import { allocate, pairKey } from '#domain/matching/allocation.ts';
import { mulberry32 } from '#test/bench/allocation.bench.ts';

const PROVINCES = ['ha-noi', 'bac-ninh', 'hai-phong', 'hung-yen', 'thai-nguyen', 'phu-tho', 'ninh-binh', 'thanh-hoa', 'nghe-an', 'quang-ninh', 'lang-son', 'cao-bang', 'lao-cai', 'son-la', 'da-nang', 'hue', 'khanh-hoa', 'lam-dong', 'dak-lak', 'gia-lai', 'dong-nai', 'tay-ninh', 'ho-chi-minh', 'can-tho', 'an-giang', 'dong-thap', 'vinh-long', 'ca-mau'];

/** A seeded generator, so a market is reproducible from its seed. */
export const random = mulberry32;

export interface MarketOptions {
  listings: number;
  demands: number;
  /**
   * Provinces each demand sources from; with `Infinity` every demand sources nationwide and every
   * listing can serve every demand (the dense market). Default 3.
   */
  sourcing?: number;
  /** Provinces used; fewer means denser. Default all 28. */
  provinces?: number;
  /** Window spread in days over the season (wider = fewer overlaps). Default 30. */
  spreadDays?: number;
}

export interface Market {
  product: string;
  category: string;
  listings: Listing[];
  demands: Demand[];
}

const day = (offset: number) => new Date(Date.UTC(2027, 4, 1) + offset * 86_400_000).toISOString().slice(0, 10);

/** A reproducible market of one made-up product; ids are unique to the seed and `tag`. */
export function makeMarket(seed: number, opts: MarketOptions, tag = `m${seed}`): Market {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const provinces = PROVINCES.slice(0, opts.provinces ?? PROVINCES.length);
  const spread = opts.spreadDays ?? 30;
  const product = `p-${tag}`;
  const category = `c-${tag}`;
  const meta = { version: 1, createdAt: '2027-04-01T00:00:00.000Z', updatedAt: '2027-04-01T00:00:00.000Z' };
  const id = (side: string, i: number) => `${side}${tag.toUpperCase().replace(/[^0-9A-Z]/g, '')}${String(i).padStart(8, '0')}`;
  const listings: Listing[] = Array.from({ length: opts.listings }, (_, i) => {
    const kg = Math.round(1 + rnd() * 9) * 1_000;
    const from = Math.floor(rnd() * spread);
    return {
      id: id('L', i), sellerId: `S${i % 50}`, sellerName: 'HTX', ownerId: `coop-${i % 50}`, product, productName: product, category,
      quantityKg: kg, remainingKg: kg, minOrderKg: pick([100, 200, 500]), priceVndPerKg: Math.round(18 + rnd() * 12) * 1_000,
      availableFrom: day(from), availableTo: day(from + 14 + Math.floor(rnd() * 30)), province: pick(provinces),
      certifications: rnd() < 0.4 ? [{ type: 'VietGAP', validUntil: '2028-12-31' }] : [], status: 'active', searchText: '', ...meta,
    } as Listing;
  });
  const demands: Demand[] = Array.from({ length: opts.demands }, (_, i) => {
    const kg = Math.round(1 + rnd() * 9) * 1_000;
    const from = Math.floor(rnd() * spread);
    const sourcing = opts.sourcing ?? 3;
    const area = Number.isFinite(sourcing) ? [...new Set(Array.from({ length: sourcing }, () => pick(provinces)))] : undefined;
    return {
      id: id('D', i), buyerId: `B${i % 50}`, buyerName: 'Retail', ownerId: `retail-${i % 50}`, product, productName: product, category,
      quantityKg: kg, remainingKg: kg, minQuantityKg: pick([100, 300, 500]), maxPriceVndPerKg: rnd() < 0.8 ? Math.round(24 + rnd() * 10) * 1_000 : undefined,
      neededFrom: day(from), neededTo: day(from + 14 + Math.floor(rnd() * 30)), requiredCertifications: rnd() < 0.15 ? [{ type: 'VietGAP' }] : [],
      sourcingProvinces: area, deliveryProvince: pick(provinces), status: 'open', ...meta,
    } as Demand;
  });
  return { product, category, listings, demands };
}

/** A shuffled copy, reproducible from the seed. */
export function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const rnd = random(seed);
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export type Change = { kind: 'listing'; prev?: Listing; next: Listing } | { kind: 'demand'; prev?: Demand; next: Demand };

/** What the stream processor does for one batch of listing and demand changes: index first, then matching. */
export async function applyBatch(deps: Deps, changes: Change[]): Promise<MatchRunReport> {
  await Promise.all(changes.map((c) => (c.kind === 'listing' ? deps.matchIndex.syncListing(c.prev, c.next) : deps.matchIndex.syncDemand(c.prev, c.next))));
  const listings = changes.flatMap((c) => (c.kind === 'listing' ? [c.next] : []));
  const demands = changes.flatMap((c) => (c.kind === 'demand' ? [c.next] : []));
  return rematch(deps, listings, demands);
}

/** Arrivals of a whole market in one order, one change per batch. */
export const arrivals = (m: Market, seed: number): Change[] =>
  shuffled([...m.listings.map((l): Change => ({ kind: 'listing', next: l })), ...m.demands.map((d): Change => ({ kind: 'demand', next: d }))], seed);

export interface Settled {
  /** Σ proposedKg of each member's open proposals ÷ its remaining volume, worst member per side. */
  worstListingRatio: number;
  worstDemandRatio: number;
  /** Members whose open proposals exceed their remaining volume. */
  overPromised: string[];
  /** Σ score × kg of the open proposals, and the same for the whole-market optimum. */
  objective: number;
  optimum: number;
  /** kg proposed, and the largest volume any allocation could trade (every score 1). */
  proposedKg: number;
  maxVolumeKg: number;
  /** Most open proposals on one member. */
  maxProposalsPerMember: number;
  openProposals: Match[];
}

/** Reads every open proposal of the market's members and compares with the whole-market optimum. */
export async function settledState(deps: Deps, listings: Listing[], demands: Demand[], closed: Set<string> = new Set()): Promise<Settled> {
  const live = { listings: listings.filter((l) => l.status === 'active' && l.remainingKg > 0), demands: demands.filter((d) => d.status === 'open' && d.remainingKg > 0) };
  const byListing = await Promise.all(listings.map((l) => deps.matches.listByListing(l.id)));
  const open = byListing.flat().filter((m) => m.status === 'proposed');
  const sumBy = (key: 'listingId' | 'demandId') => open.reduce((acc, m) => acc.set(m[key], (acc.get(m[key]) ?? 0) + m.proposedKg), new Map<string, number>());
  const perListing = sumBy('listingId');
  const perDemand = sumBy('demandId');
  const overPromised: string[] = [];
  let worstListingRatio = 0;
  let worstDemandRatio = 0;
  for (const l of listings) {
    const kg = perListing.get(l.id) ?? 0;
    const left = l.status === 'active' ? l.remainingKg : 0;
    if (kg > left) overPromised.push(l.id);
    if (left > 0) worstListingRatio = Math.max(worstListingRatio, kg / left);
  }
  for (const d of demands) {
    const kg = perDemand.get(d.id) ?? 0;
    const left = d.status === 'open' ? d.remainingKg : 0;
    if (kg > left) overPromised.push(d.id);
    if (left > 0) worstDemandRatio = Math.max(worstDemandRatio, kg / left);
  }
  // The reference: the same solver on the whole market, every feasible open pair, full volumes.
  const reference = new MarketPart('reference');
  for (const l of live.listings) reference.upsertListing(l);
  for (const d of live.demands) reference.upsertDemand(d);
  for (const k of closed) reference.closed.add(k);
  const whole = reference.wholeProblem();
  const optimum = allocate(whole).objective;
  const maxVolumeKg = allocate({ ...whole, pairs: whole.pairs.map((p) => ({ ...p, score: 1 })) }).objective;
  const scoreOf = new Map(whole.pairs.map((p) => [pairKey(p.listingId, p.demandId), p.score]));
  const objective = open.reduce((s, m) => s + m.proposedKg * (scoreOf.get(pairKey(m.listingId, m.demandId)) ?? 0), 0);
  const counts = [...perListing.keys(), ...perDemand.keys()].map((id) => open.filter((m) => m.listingId === id || m.demandId === id).length);
  return {
    worstListingRatio,
    worstDemandRatio,
    overPromised,
    objective,
    optimum,
    proposedKg: open.reduce((s, m) => s + m.proposedKg, 0),
    maxVolumeKg,
    maxProposalsPerMember: Math.max(0, ...counts),
    openProposals: open,
  };
}
