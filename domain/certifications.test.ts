import { describe, expect, it } from 'vitest';
import { listingVerification, withVerification } from '#domain/certifications.ts';
import { certificationsFactor, checkCertifications, scorePair, type DemandSide, type SupplySide } from '#domain/matching/rules.ts';

const vietgap = { type: 'VietGAP', certificateNo: 'VG-01', issuer: 'QUACERT', validUntil: '2027-12-31' };
const ocop = { type: 'OCOP', stars: 5, validUntil: '2027-12-31' };

const listing = (certifications: SupplySide['certifications']): SupplySide => ({
  id: 'L1', sellerId: 'S1', product: 'vai-thieu', category: 'fruit', remainingKg: 5000, minOrderKg: 100, priceVndPerKg: 25_000,
  availableFrom: '2026-06-10', availableTo: '2026-07-10', province: 'bac-ninh', certifications,
});
const demand = (requiredCertifications: DemandSide['requiredCertifications']): DemandSide => ({
  id: 'D1', buyerId: 'B1', product: 'vai-thieu', category: 'fruit', remainingKg: 5000, minQuantityKg: 500, maxPriceVndPerKg: 30_000,
  neededFrom: '2026-06-15', neededTo: '2026-06-30', requiredCertifications, deliveryProvince: 'ha-noi',
});

describe('withVerification', () => {
  it('makes every new certificate self-declared', () => {
    expect(withVerification([vietgap]).map((c) => c.verification)).toEqual(['self-declared']);
  });

  it('keeps the department’s decision for an unchanged certificate and drops it for a changed one', () => {
    const verified = { ...vietgap, verification: 'verified' as const, verifiedBy: 'admin-1', verifiedAt: '2026-11-30T00:00:00.000Z' };
    expect(withVerification([vietgap], [verified])[0]).toMatchObject({ verification: 'verified', verifiedBy: 'admin-1' });
    expect(withVerification([{ ...vietgap, validUntil: '2028-12-31' }], [verified])[0].verification).toBe('self-declared');
  });
});

describe('listingVerification', () => {
  it('verifies a listing certificate the seller holds verified, with at least its stars and validity', () => {
    const seller = [{ ...ocop, verification: 'verified' as const, verifiedBy: 'a', verifiedAt: 't' }];
    expect(listingVerification([{ type: 'OCOP', stars: 4, validUntil: '2027-06-30' }], seller)[0].verification).toBe('verified');
    expect(listingVerification([{ type: 'OCOP', stars: 5, validUntil: '2028-06-30' }], seller)[0].verification).toBe('self-declared');
  });

  it('marks it rejected when the seller’s only such certificate was rejected', () => {
    expect(listingVerification([vietgap], [{ ...vietgap, verification: 'rejected' }])[0].verification).toBe('rejected');
  });
});

describe('matching with verified certificates', () => {
  it('weighs a verified certificate more than a self-declared one', () => {
    const d = demand([{ type: 'VietGAP' }]);
    expect(certificationsFactor(listing([{ ...vietgap, verification: 'verified' }]), d)).toBeGreaterThan(certificationsFactor(listing([{ ...vietgap, verification: 'self-declared' }]), d));
  });

  it('meets a requirement for verified certificates only with a verified one', () => {
    const d = demand([{ type: 'OCOP', minStars: 4, verified: true }]);
    expect(checkCertifications(listing([{ ...ocop, verification: 'self-declared' }]), d).ok).toBe(false);
    expect(checkCertifications(listing([{ ...ocop, verification: 'verified' }]), d).ok).toBe(true);
  });

  it('never counts a rejected certificate', () => {
    expect(checkCertifications(listing([{ ...vietgap, verification: 'rejected' }]), demand([{ type: 'VietGAP' }])).ok).toBe(false);
    expect(certificationsFactor(listing([{ ...vietgap, verification: 'rejected' }]), demand([]))).toBe(0.5);
  });

  it('says which certificates are verified and which self-declared, and does not claim self-declared ones meet every requirement', () => {
    const { reasons } = scorePair(listing([{ ...vietgap, verification: 'verified' }, { ...ocop, verification: 'self-declared' }]), demand([{ type: 'OCOP' }]));
    expect(reasons.vi).toContain('Có chứng nhận VietGAP (hiệu lực đến 31/12/2027), đã được xác minh, OCOP 5★ (tự khai); đáp ứng yêu cầu theo tự khai, chưa được Sở xác minh');
    expect(reasons.en).toContain('Holds VietGAP (valid until 2027-12-31), verified, OCOP 5★ (self-declared); meets the requirements as self-declared, not yet verified by the department');
  });
});
