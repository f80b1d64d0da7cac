import { createHash } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import * as fc from 'fast-check';
import type { Listing } from '#domain/listings.ts';
import type { Demand } from '#domain/demands.ts';
import {
  FACTOR_NAMES,
  HARD_FILTER_CODES,
  WEIGHTS,
  acceptedSourceProvinces,
  certificationsFactor,
  checkArea,
  checkCertifications,
  checkPrice,
  checkProduct,
  checkQuantity,
  checkWindow,
  distanceFactor,
  hardFilters,
  matchId,
  overlapOf,
  priceMarginFactor,
  productFitFactor,
  volumeFitFactor,
  windowOverlapFactor,
  type DemandSide,
  type SupplySide,
} from '#domain/matching/rules.ts';
import { scorePair } from '#domain/matching/reasons.ts';
import { formatNumber } from '#domain/quantities.ts';

/** Lychee from Bắc Ninh (Lục Ngạn), 5 t, 10 Jun – 10 Jul, VietGAP. */
function listing(over: Partial<SupplySide> = {}): SupplySide {
  return {
    id: 'L1',
    sellerId: 'S1',
    product: 'vai-thieu',
    category: 'fruit',
    remainingKg: 5000,
    minOrderKg: 100,
    priceVndPerKg: 25_000,
    availableFrom: '2026-06-10',
    availableTo: '2026-07-10',
    province: 'bac-ninh',
    certifications: [{ type: 'VietGAP', validUntil: '2027-12-31' }],
    ...over,
  };
}

/** A Hà Nội supermarket wanting 5 t of lychee for the second half of June. */
function demand(over: Partial<DemandSide> = {}): DemandSide {
  return {
    id: 'D1',
    buyerId: 'B1',
    product: 'vai-thieu',
    category: 'fruit',
    remainingKg: 5000,
    minQuantityKg: 500,
    maxPriceVndPerKg: 30_000,
    neededFrom: '2026-06-15',
    neededTo: '2026-06-30',
    requiredCertifications: [],
    deliveryProvince: 'ha-noi',
    ...over,
  };
}

const PASS = { ok: true };

describe('the supply and demand sides', () => {
  it('are satisfied by whole listings and demands', () => {
    // Compile-time check: tsc rejects this file if Listing/Demand stop fitting the sides.
    const asSupply = (l: Listing): SupplySide => l;
    const asDemand = (d: Demand): DemandSide => d;
    expect(typeof asSupply).toBe('function');
    expect(typeof asDemand).toBe('function');
  });
});

describe('acceptedSourceProvinces', () => {
  it('is the explicit list of sourcing provinces when one is given', () => {
    expect(acceptedSourceProvinces(demand({ sourcingProvinces: ['son-la', 'bac-ninh'] }))).toEqual(['son-la', 'bac-ninh']);
  });

  it('is every province within maxDistanceKm of the delivery province, itself included', () => {
    const area = acceptedSourceProvinces(demand({ maxDistanceKm: 100 }));
    expect(area).toContain('ha-noi');
    expect(area).toContain('bac-ninh');
    expect(area).not.toContain('dak-lak');
  });

  it("is 'any' when neither a list nor a distance is given", () => {
    expect(acceptedSourceProvinces(demand())).toBe('any');
  });
});

describe('the product filter', () => {
  it('passes the same product', () => {
    expect(checkProduct(listing(), demand())).toEqual(PASS);
  });

  it('rejects a different product even of the same category', () => {
    expect(checkProduct(listing({ product: 'nhan-long' }), demand())).toEqual({ ok: false, reason: 'product' });
  });

  it('lets a category demand match any product of that category', () => {
    const anyFruit = demand({ product: undefined, category: 'fruit' });
    expect(checkProduct(listing(), anyFruit)).toEqual(PASS);
    expect(checkProduct(listing({ product: 'xoai' }), anyFruit)).toEqual(PASS);
  });

  it('keeps a category demand from matching a product of another category', () => {
    const coffee = listing({ product: 'ca-phe', category: 'coffee_tea_cocoa' });
    expect(checkProduct(coffee, demand({ product: undefined, category: 'fruit' }))).toEqual({ ok: false, reason: 'product' });
  });
});

describe('the window filter', () => {
  it('passes when the availability window overlaps the needed window', () => {
    expect(checkWindow(listing(), demand())).toEqual(PASS);
  });

  it('passes windows that touch on one day, which overlap by that day', () => {
    const l = listing({ availableFrom: '2026-06-01', availableTo: '2026-06-15' });
    expect(checkWindow(l, demand())).toEqual(PASS);
    expect(overlapOf(l, demand())).toEqual({ from: '2026-06-15', to: '2026-06-15', days: 1 });
  });

  it('rejects a window ending the day before the needed window starts', () => {
    const l = listing({ availableFrom: '2026-06-01', availableTo: '2026-06-14' });
    expect(checkWindow(l, demand())).toEqual({ ok: false, reason: 'window' });
    expect(overlapOf(l, demand()).days).toBe(0);
  });

  it('rejects a window starting the day after the needed window ends', () => {
    expect(checkWindow(listing({ availableFrom: '2026-07-01' }), demand())).toEqual({ ok: false, reason: 'window' });
  });

  it('counts overlap days across a month end', () => {
    expect(overlapOf(listing(), demand({ neededFrom: '2026-06-25', neededTo: '2026-07-05' })).days).toBe(11);
  });
});

describe('the quantity filter', () => {
  it('passes when the listing fills the minimum lot and the need exceeds the minimum order', () => {
    expect(checkQuantity(listing(), demand())).toEqual(PASS);
  });

  it("passes a listing whose remaining volume equals the buyer's minimum lot", () => {
    expect(checkQuantity(listing({ remainingKg: 500 }), demand())).toEqual(PASS);
  });

  it("rejects a listing with less left than the buyer's minimum lot", () => {
    expect(checkQuantity(listing({ remainingKg: 499 }), demand())).toEqual({ ok: false, reason: 'quantity' });
  });

  it("passes a demand whose remaining need equals the seller's minimum order", () => {
    expect(checkQuantity(listing({ minOrderKg: 2000 }), demand({ remainingKg: 2000 }))).toEqual(PASS);
  });

  it("rejects a demand needing less than the seller's minimum order", () => {
    expect(checkQuantity(listing({ minOrderKg: 2000 }), demand({ remainingKg: 1999, minQuantityKg: 500 }))).toEqual({ ok: false, reason: 'quantity' });
  });

  it("caps the buyer's minimum lot at what the buyer still needs", () => {
    // 200 kg left of a demand with a 500 kg lot minimum: a 300 kg listing covers it all.
    expect(checkQuantity(listing({ remainingKg: 300 }), demand({ remainingKg: 200 }))).toEqual(PASS);
  });

  it("caps the seller's minimum order at what the seller has left", () => {
    // The last 80 kg of a listing with a 100 kg minimum order can still go to a buyer needing 90 kg.
    expect(checkQuantity(listing({ remainingKg: 80, minOrderKg: 100 }), demand({ remainingKg: 90, minQuantityKg: 50 }))).toEqual(PASS);
  });

  it('rejects a sold-out listing or a covered demand', () => {
    expect(checkQuantity(listing({ remainingKg: 0 }), demand())).toEqual({ ok: false, reason: 'quantity' });
    expect(checkQuantity(listing(), demand({ remainingKg: 0 }))).toEqual({ ok: false, reason: 'quantity' });
  });
});

describe('the price filter', () => {
  it('passes an ask under the maximum', () => {
    expect(checkPrice(listing(), demand())).toEqual(PASS);
  });

  it('passes an ask equal to the maximum', () => {
    expect(checkPrice(listing({ priceVndPerKg: 30_000 }), demand())).toEqual(PASS);
  });

  it('rejects an ask one đồng over the maximum', () => {
    expect(checkPrice(listing({ priceVndPerKg: 30_001 }), demand())).toEqual({ ok: false, reason: 'price' });
  });

  it('passes when either price is missing, leaving it to negotiation', () => {
    expect(checkPrice(listing({ priceVndPerKg: undefined }), demand())).toEqual(PASS);
    expect(checkPrice(listing({ priceVndPerKg: 90_000 }), demand({ maxPriceVndPerKg: undefined }))).toEqual(PASS);
  });
});

describe('the certifications filter', () => {
  it('passes when nothing is required', () => {
    expect(checkCertifications(listing({ certifications: [] }), demand())).toEqual(PASS);
  });

  it('passes a required certification the listing holds', () => {
    expect(checkCertifications(listing(), demand({ requiredCertifications: [{ type: 'VietGAP' }] }))).toEqual(PASS);
  });

  it('rejects a required certification the listing does not hold', () => {
    expect(checkCertifications(listing(), demand({ requiredCertifications: [{ type: 'GlobalGAP' }] }))).toEqual({ ok: false, reason: 'certifications' });
  });

  it('requires every listed certification, not just one', () => {
    const d = demand({ requiredCertifications: [{ type: 'VietGAP' }, { type: 'organic' }] });
    expect(checkCertifications(listing(), d)).toEqual({ ok: false, reason: 'certifications' });
  });

  it('rejects a certificate expiring the day before the overlap ends', () => {
    const l = listing({ certifications: [{ type: 'VietGAP', validUntil: '2026-06-29' }] });
    expect(checkCertifications(l, demand({ requiredCertifications: [{ type: 'VietGAP' }] }))).toEqual({ ok: false, reason: 'certifications' });
  });

  it('passes a certificate valid through the last day of the overlap', () => {
    const l = listing({ certifications: [{ type: 'VietGAP', validUntil: '2026-06-30' }] });
    expect(checkCertifications(l, demand({ requiredCertifications: [{ type: 'VietGAP' }] }))).toEqual(PASS);
  });

  it('measures validity against the overlap, so a listing ending early needs cover only to its end', () => {
    const l = listing({ availableTo: '2026-06-20', certifications: [{ type: 'VietGAP', validUntil: '2026-06-20' }] });
    expect(checkCertifications(l, demand({ requiredCertifications: [{ type: 'VietGAP' }] }))).toEqual(PASS);
  });

  it('rejects OCOP 3★ against a 4★ requirement', () => {
    const l = listing({ certifications: [{ type: 'OCOP', stars: 3, validUntil: '2028-01-01' }] });
    expect(checkCertifications(l, demand({ requiredCertifications: [{ type: 'OCOP', minStars: 4 }] }))).toEqual({ ok: false, reason: 'certifications' });
  });

  it('passes OCOP 4★ and 5★ against a 4★ requirement', () => {
    for (const stars of [4, 5]) {
      const l = listing({ certifications: [{ type: 'OCOP', stars, validUntil: '2028-01-01' }] });
      expect(checkCertifications(l, demand({ requiredCertifications: [{ type: 'OCOP', minStars: 4 }] }))).toEqual(PASS);
    }
  });

  it('passes any OCOP rating when the requirement names no stars', () => {
    const l = listing({ certifications: [{ type: 'OCOP', stars: 3, validUntil: '2028-01-01' }] });
    expect(checkCertifications(l, demand({ requiredCertifications: [{ type: 'OCOP' }] }))).toEqual(PASS);
  });

  it('passes when one of two certificates of the required type is still valid', () => {
    const l = listing({
      certifications: [
        { type: 'VietGAP', validUntil: '2025-12-31' },
        { type: 'VietGAP', validUntil: '2028-12-31' },
      ],
    });
    expect(checkCertifications(l, demand({ requiredCertifications: [{ type: 'VietGAP' }] }))).toEqual(PASS);
  });
});

describe('the area filter', () => {
  it('passes a listing from a province on the sourcing list', () => {
    expect(checkArea(listing(), demand({ sourcingProvinces: ['bac-ninh', 'hai-phong'] }))).toEqual(PASS);
  });

  it('rejects a listing from a province not on the sourcing list', () => {
    expect(checkArea(listing(), demand({ sourcingProvinces: ['son-la'] }))).toEqual({ ok: false, reason: 'area' });
  });

  it('passes a Bắc Ninh listing for a Hà Nội demand sourcing within 100 km', () => {
    expect(checkArea(listing({ province: 'bac-ninh' }), demand({ maxDistanceKm: 100 }))).toEqual(PASS);
  });

  it('rejects a Đắk Lắk listing for a Hà Nội demand sourcing within 100 km', () => {
    expect(checkArea(listing({ province: 'dak-lak' }), demand({ maxDistanceKm: 100 }))).toEqual({ ok: false, reason: 'area' });
  });

  it('passes a listing from anywhere when the demand sets no area', () => {
    expect(checkArea(listing({ province: 'dak-lak' }), demand())).toEqual(PASS);
    expect(checkArea(listing({ province: 'ca-mau' }), demand())).toEqual(PASS);
  });
});

describe('hardFilters', () => {
  it('passes a pair that meets every filter', () => {
    expect(hardFilters(listing(), demand())).toEqual({ ok: true });
  });

  it('lists every failed filter, in the documented order', () => {
    const l = listing({ product: 'xoai', priceVndPerKg: 40_000, province: 'dak-lak', availableFrom: '2026-08-01', availableTo: '2026-08-31' });
    const d = demand({ maxDistanceKm: 100, requiredCertifications: [{ type: 'GlobalGAP' }] });
    expect(hardFilters(l, d)).toEqual({ ok: false, failed: ['product', 'window', 'price', 'certifications', 'area'] });
  });

  it('uses one code per filter', () => {
    expect(HARD_FILTER_CODES).toEqual(['product', 'window', 'quantity', 'price', 'certifications', 'area']);
  });
});

describe('the weights', () => {
  it('sum to 1', () => {
    const sum = Object.values(WEIGHTS).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(1, 12);
  });

  it('name exactly the six factors', () => {
    expect([...FACTOR_NAMES].sort()).toEqual(['certifications', 'distance', 'priceMargin', 'productFit', 'volumeFit', 'windowOverlap']);
  });
});

describe('the productFit factor', () => {
  it('is 1 for the exact product and lower for a category demand', () => {
    expect(productFitFactor(listing(), demand())).toBe(1);
    expect(productFitFactor(listing(), demand({ product: undefined }))).toBe(0.6);
  });
});

describe('the priceMargin factor', () => {
  it('is higher for a cheaper ask', () => {
    const at = (ask: number) => priceMarginFactor(listing({ priceVndPerKg: ask }), demand());
    expect(at(28_000)).toBeGreaterThan(at(29_000));
    expect(at(26_000)).toBeGreaterThan(at(28_000));
  });

  it('is 0.5 at the maximum and 1 from 20% under it', () => {
    const at = (ask: number) => priceMarginFactor(listing({ priceVndPerKg: ask }), demand());
    expect(at(30_000)).toBe(0.5);
    expect(at(24_000)).toBeCloseTo(1, 12);
    expect(at(10_000)).toBe(1);
    expect(at(27_000)).toBeCloseTo(0.75, 12);
  });

  it('is 0.5 when either price is missing', () => {
    expect(priceMarginFactor(listing({ priceVndPerKg: undefined }), demand())).toBe(0.5);
    expect(priceMarginFactor(listing(), demand({ maxPriceVndPerKg: undefined }))).toBe(0.5);
  });

  it('is 0 above the maximum', () => {
    expect(priceMarginFactor(listing({ priceVndPerKg: 31_000 }), demand())).toBe(0);
  });
});

describe('the distance factor', () => {
  it('is 1 in the same province and falls with distance', () => {
    expect(distanceFactor(0)).toBe(1);
    expect(distanceFactor(300)).toBe(0.5);
    expect(distanceFactor(50)).toBeGreaterThan(distanceFactor(200));
  });

  it('scores a nearer listing higher for the same demand', () => {
    const near = scorePair(listing({ province: 'bac-ninh' }), demand()).factors.distance;
    const far = scorePair(listing({ province: 'dak-lak' }), demand()).factors.distance;
    const home = scorePair(listing({ province: 'ha-noi' }), demand()).factors.distance;
    expect(home).toBe(1);
    expect(home).toBeGreaterThan(near);
    expect(near).toBeGreaterThan(far);
  });
});

describe('the windowOverlap factor', () => {
  it('is 1 when the listing covers the whole needed window', () => {
    expect(windowOverlapFactor(listing(), demand())).toBe(1);
  });

  it('grows with the share of needed days covered', () => {
    const d = demand({ neededFrom: '2026-06-01', neededTo: '2026-06-30' });
    const short = windowOverlapFactor(listing({ availableFrom: '2026-06-21' }), d);
    const long = windowOverlapFactor(listing({ availableFrom: '2026-06-11' }), d);
    expect(short).toBeCloseTo(10 / 30, 12);
    expect(long).toBeCloseTo(20 / 30, 12);
  });
});

describe('the certifications factor', () => {
  const none = listing({ certifications: [] });

  it('is 0.5 when nothing is required and nothing held', () => {
    expect(certificationsFactor(none, demand())).toBe(0.5);
  });

  it('is 0.5 when the requirement is met exactly', () => {
    expect(certificationsFactor(listing(), demand({ requiredCertifications: [{ type: 'VietGAP' }] }))).toBe(0.5);
  });

  it('grows with extra certifications', () => {
    const one = certificationsFactor(listing(), demand());
    const two = certificationsFactor(listing({ certifications: [{ type: 'VietGAP', validUntil: '2027-12-31' }, { type: 'GlobalGAP', validUntil: '2027-12-31' }] }), demand());
    expect(one).toBeCloseTo(0.7, 12);
    expect(two).toBeGreaterThan(one);
  });

  it('grows with OCOP stars beyond the requirement', () => {
    const d = demand({ requiredCertifications: [{ type: 'OCOP', minStars: 3 }] });
    const ocop = (stars: number) => certificationsFactor(listing({ certifications: [{ type: 'OCOP', stars, validUntil: '2028-01-01' }] }), d);
    expect(ocop(3)).toBe(0.5);
    expect(ocop(4)).toBeGreaterThan(ocop(3));
    expect(ocop(5)).toBeGreaterThan(ocop(4));
  });

  it('is capped at 1', () => {
    const l = listing({
      certifications: [
        { type: 'VietGAP', validUntil: '2028-01-01' },
        { type: 'GlobalGAP', validUntil: '2028-01-01' },
        { type: 'organic', validUntil: '2028-01-01' },
        { type: 'OCOP', stars: 5, validUntil: '2028-01-01' },
      ],
    });
    expect(certificationsFactor(l, demand())).toBe(1);
  });

  it('ignores certificates that expire before the last delivery day', () => {
    expect(certificationsFactor(listing({ certifications: [{ type: 'GlobalGAP', validUntil: '2026-06-01' }] }), demand())).toBe(0.5);
  });

  it('is 0 when a requirement is not met', () => {
    expect(certificationsFactor(none, demand({ requiredCertifications: [{ type: 'VietGAP' }] }))).toBe(0);
  });
});

describe('the volumeFit factor', () => {
  it('is 1 when the listing covers the whole remaining need', () => {
    expect(volumeFitFactor(listing({ remainingKg: 8000 }), demand())).toBe(1);
  });

  it('is the covered share otherwise, growing with the listing volume', () => {
    expect(volumeFitFactor(listing({ remainingKg: 3000 }), demand())).toBe(0.6);
    expect(volumeFitFactor(listing({ remainingKg: 4000 }), demand())).toBeGreaterThan(0.6);
  });
});

describe('scorePair', () => {
  it('is the weighted sum of the factors, rounded to 4 decimals', () => {
    const r = scorePair(listing(), demand());
    const sum = FACTOR_NAMES.reduce((a, f) => a + WEIGHTS[f] * r.factors[f], 0);
    expect(r.score).toBe(Math.round(sum * 10_000) / 10_000);
  });

  it('gives a perfect pair a score of 1', () => {
    const l = listing({
      province: 'ha-noi',
      priceVndPerKg: 20_000,
      certifications: [
        { type: 'VietGAP', validUntil: '2028-01-01' },
        { type: 'GlobalGAP', validUntil: '2028-01-01' },
        { type: 'organic', validUntil: '2028-01-01' },
      ],
    });
    expect(scorePair(l, demand()).score).toBe(1);
  });

  it('ranks a cheaper, nearer, fuller listing above a worse one', () => {
    const good = scorePair(listing({ province: 'ha-noi', priceVndPerKg: 24_000 }), demand()).score;
    const worse = scorePair(listing({ province: 'son-la', priceVndPerKg: 29_000, remainingKg: 1000 }), demand()).score;
    expect(good).toBeGreaterThan(worse);
  });

  it('reports the distance and the overlap', () => {
    const r = scorePair(listing(), demand());
    expect(r.distanceKm).toBeGreaterThan(30);
    expect(r.distanceKm).toBeLessThan(60);
    expect(r.overlap).toEqual({ from: '2026-06-15', to: '2026-06-30', days: 16 });
  });

  it('stays within [0, 1] and keeps every factor within [0, 1] for any pair', () => {
    const provinces = ['ha-noi', 'bac-ninh', 'hai-phong', 'son-la', 'dak-lak', 'lam-dong', 'ca-mau', 'ho-chi-minh'];
    const day = fc.integer({ min: 0, max: 400 }).map((n) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    const window = fc.tuple(day, day).map(([a, b]) => (a <= b ? [a, b] : [b, a]) as [string, string]);
    const cert = fc.record({
      type: fc.constantFrom('VietGAP', 'GlobalGAP', 'organic', 'OCOP'),
      stars: fc.constantFrom(3, 4, 5),
      validUntil: day,
    });
    fc.assert(
      fc.property(
        window,
        window,
        fc.constantFrom(...provinces),
        fc.constantFrom(...provinces),
        fc.option(fc.integer({ min: 1000, max: 100_000 }), { nil: undefined }),
        fc.option(fc.integer({ min: 1000, max: 100_000 }), { nil: undefined }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.array(cert, { maxLength: 4 }),
        fc.boolean(),
        ([af, at], [nf, nt], from, to, ask, max, sRem, dRem, certs, byCategory) => {
          const r = scorePair(
            listing({ availableFrom: af, availableTo: at, province: from, priceVndPerKg: ask, remainingKg: sRem, certifications: certs }),
            demand({ neededFrom: nf, neededTo: nt, deliveryProvince: to, maxPriceVndPerKg: max, remainingKg: dRem, product: byCategory ? undefined : 'vai-thieu', requiredCertifications: [{ type: 'OCOP', minStars: 4 }] }),
          );
          expect(r.score).toBeGreaterThanOrEqual(0);
          expect(r.score).toBeLessThanOrEqual(1);
          for (const f of FACTOR_NAMES) {
            expect(r.factors[f]).toBeGreaterThanOrEqual(0);
            expect(r.factors[f]).toBeLessThanOrEqual(1);
          }
          expect(r.reasons.vi).toHaveLength(FACTOR_NAMES.length);
          expect(r.reasons.en).toHaveLength(FACTOR_NAMES.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('the reasons', () => {
  it('come in both languages, one non-empty sentence per factor', () => {
    const { reasons } = scorePair(listing(), demand());
    expect(reasons.vi).toHaveLength(6);
    expect(reasons.en).toHaveLength(6);
    for (const s of [...reasons.vi, ...reasons.en]) expect(s.trim()).not.toBe('');
    expect(reasons.vi).not.toEqual(reasons.en);
  });

  it('state the price margin with the local number format', () => {
    const { reasons } = scorePair(listing(), demand());
    expect(reasons.en).toContain('Price 25,000 ₫/kg is 17% under your maximum of 30,000 ₫/kg');
    expect(reasons.vi).toContain('Giá 25.000 ₫/kg thấp hơn 17% so với giá tối đa 30.000 ₫/kg');
  });

  it('say where the produce comes from and how far it is, with province names per language', () => {
    const { reasons, distanceKm } = scorePair(listing(), demand());
    const km = Math.round(distanceKm);
    expect(reasons.en).toContain(`From Bac Ninh, ${km} km from Hanoi`);
    expect(reasons.vi).toContain(`Từ Bắc Ninh, cách Hà Nội ${km} km`);
  });

  it('formats long distances with thousands separators', () => {
    const { reasons } = scorePair(listing({ province: 'ca-mau' }), demand());
    expect(reasons.en.some((s) => /^From Ca Mau, 1,\d{3} km from Hanoi$/.test(s))).toBe(true);
    expect(reasons.vi.some((s) => /^Từ Cà Mau, cách Hà Nội 1\.\d{3} km$/.test(s))).toBe(true);
  });

  it('say how much of the needed window is covered', () => {
    const { reasons } = scorePair(listing(), demand());
    expect(reasons.en).toContain('Available 10 Jun–10 Jul covers 100% of the needed window');
    expect(reasons.vi).toContain('Có hàng 10/6–10/7, đáp ứng 100% thời gian cần hàng');
    const partial = scorePair(listing({ availableTo: '2026-06-22' }), demand()).reasons;
    expect(partial.en).toContain('Available 10 Jun–22 Jun covers 50% of the needed window (8 of 16 days)');
  });

  it('list the certifications held, OCOP with its stars', () => {
    const l = listing({ certifications: [{ type: 'VietGAP', validUntil: '2027-12-31' }, { type: 'OCOP', stars: 4, validUntil: '2027-06-30' }] });
    const { reasons } = scorePair(l, demand());
    expect(reasons.en).toContain('Holds VietGAP (valid until 2027-12-31), OCOP 4★');
    expect(reasons.vi).toContain('Có chứng nhận VietGAP (hiệu lực đến 31/12/2027), OCOP 4★');
  });

  it('say how much of the need the listing can supply, in tonnes', () => {
    expect(scorePair(listing(), demand()).reasons.en).toContain('Can supply all 5 t needed');
    const part = scorePair(listing({ remainingKg: 3000 }), demand()).reasons;
    expect(part.en).toContain('Can supply 3 t of the 5 t needed');
    expect(part.vi).toContain('Đáp ứng 3 tấn trong 5 tấn cần mua');
  });

  it('name the category for a category demand', () => {
    const { reasons } = scorePair(listing(), demand({ product: undefined }));
    expect(reasons.en).toContain('Lychee, in the category you asked for (Fruit)');
    expect(reasons.vi).toContain('Vải thiều, thuộc nhóm hàng cần mua (Trái cây)');
  });
});

describe('formatNumber', () => {
  it('uses dot thousands in Vietnamese and comma thousands in English', () => {
    expect(formatNumber(1_234_567, 'vi')).toBe('1.234.567');
    expect(formatNumber(1_234_567, 'en')).toBe('1,234,567');
    expect(formatNumber(2.5, 'vi', 2)).toBe('2,5');
    expect(formatNumber(2.5, 'en', 2)).toBe('2.5');
    expect(formatNumber(999, 'vi')).toBe('999');
  });
});

describe('matchId', () => {
  it('is deterministic', () => {
    expect(matchId('L1', 'D1')).toBe(matchId('L1', 'D1'));
  });

  it('differs between pairs, including the same ids swapped', () => {
    const ids = new Set([matchId('L1', 'D1'), matchId('L1', 'D2'), matchId('L2', 'D1'), matchId('D1', 'L1')]);
    expect(ids.size).toBe(4);
  });

  it("is 'M' and 25 upper-case Crockford base32 characters", () => {
    const id = matchId('01JZ0000000000000000000000', '01JZ0000000000000000000001');
    expect(id).toHaveLength(26);
    expect(id).toMatch(/^M[0-9A-HJKMNP-TV-Z]{25}$/);
  });

  it('encodes the first 125 bits of sha256(listingId|demandId)', () => {
    const digest = createHash('sha256').update('L1|D1').digest('hex');
    const top125 = BigInt('0x' + digest) >> BigInt(256 - 125);
    let expected = '';
    for (let i = 24; i >= 0; i--) expected += '0123456789ABCDEFGHJKMNPQRSTVWXYZ'[Number((top125 >> BigInt(5 * i)) & 31n)];
    expect(matchId('L1', 'D1')).toBe('M' + expected);
  });
});
