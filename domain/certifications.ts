/**
 * Certificates a buyer can trust. A seller declares its certificates (type, number, issuer,
 * validity); each is `self-declared` until an admin of the department verifies or rejects it,
 * and the verifier and the date are kept. Listings carry their seller's certificates with the
 * same verification, so matching can weigh verified ones more, say which are which, and honour
 * a demand that requires verified certificates. A rejected certificate counts for nothing.
 */
import * as z from 'zod/mini';
import { adminQueueProvince, type Caller } from '#domain/access.ts';
import { NotFoundError, PreconditionFailedError } from '#domain/errors.ts';
import type { Deps, Page, PageRequest } from '#domain/ports.ts';
import { awaitsVerification, documented, optionalText, pageQuery, provinceField, VERIFICATION_STATUSES } from '#domain/schemas.ts';
import type { Seller } from '#domain/sellers.ts';
import { nextVersion } from '#domain/versioning.ts';

/** A certificate as the API shows it: what the seller declared and what the department found. */
export const CertificationOut = documented(
  z.object({
    type: z.string(),
    stars: z.optional(z.number()),
    certificateNo: z.optional(z.string()),
    issuer: z.optional(z.string()),
    validUntil: z.string(),
    verification: documented(
      z.optional(z.enum(VERIFICATION_STATUSES)),
      '`self-declared` until an admin (the department) verifies or rejects it; a rejected certificate never counts in matching',
      'verified',
    ),
    verifiedBy: documented(z.optional(z.string()), 'The admin who verified or rejected it', 'so-cong-thuong-bac-ninh-01'),
    verifiedAt: documented(z.optional(z.string()), 'When it was verified or rejected', '2026-11-30T09:15:00.000Z'),
    verificationNote: documented(z.optional(z.string()), "The admin's note, e.g. where the number was checked", 'Đã đối chiếu sổ cấp chứng nhận VietGAP 2026'),
  }),
  'A certificate the seller holds, with its verification',
  { type: 'VietGAP', certificateNo: 'VG-BG-2026-0153', issuer: 'Trung tâm Chứng nhận Phù hợp (QUACERT)', validUntil: '2027-12-31', verification: 'verified', verifiedBy: 'admin-bn-01', verifiedAt: '2026-11-30T09:15:00.000Z' },
);
export type CertificationView = z.infer<typeof CertificationOut>;

type Declared = { type: string; stars?: number; certificateNo?: string; issuer?: string; validUntil: string };
type Verified = Declared & Pick<CertificationView, 'verification' | 'verifiedBy' | 'verifiedAt' | 'verificationNote'>;

/** What identifies a declared certificate: the same type, stars, number, issuer and validity is the same certificate. */
const sameCertificate = (a: Declared, b: Declared) =>
  a.type === b.type && a.stars === b.stars && a.validUntil === b.validUntil && (a.certificateNo ?? '') === (b.certificateNo ?? '') && (a.issuer ?? '') === (b.issuer ?? '');

const declaredOnly = ({ type, stars, certificateNo, issuer, validUntil }: Declared): Declared => ({
  type,
  ...(stars === undefined ? {} : { stars }),
  ...(certificateNo ? { certificateNo } : {}),
  ...(issuer ? { issuer } : {}),
  validUntil,
});

/**
 * The seller's declared certificates with their verification: an unchanged certificate keeps
 * what the department decided; a new or changed one is `self-declared` again.
 */
export function withVerification(declared: readonly Declared[], previous: readonly Verified[] = []): Verified[] {
  return declared.map((c) => {
    const known = previous.find((p) => sameCertificate(p, c));
    if (!known || !known.verification || known.verification === 'self-declared') return { ...declaredOnly(c), verification: 'self-declared' };
    const { verification, verifiedBy, verifiedAt, verificationNote } = known;
    return { ...declaredOnly(c), verification, verifiedBy, verifiedAt, ...(verificationNote ? { verificationNote } : {}) };
  });
}

/**
 * A listing's certificates with the verification of the matching seller certificate. A listing
 * names its certificates by type (and stars) and may omit the number, so a listing certificate
 * counts as verified when the seller holds a verified certificate of that type, at least those
 * stars, valid at least as long; rejected when the seller's only such certificate was rejected.
 */
export function listingVerification(listingCerts: readonly Declared[], sellerCerts: readonly Verified[]): Verified[] {
  return listingCerts.map((c) => {
    const candidates = sellerCerts.filter((s) => s.type === c.type && (s.stars ?? 0) >= (c.stars ?? 0) && s.validUntil >= c.validUntil && (!c.certificateNo || s.certificateNo === c.certificateNo));
    const verified = candidates.find((s) => s.verification === 'verified');
    const base = declaredOnly(c);
    if (verified) return { ...base, verification: 'verified', verifiedBy: verified.verifiedBy, verifiedAt: verified.verifiedAt };
    if (candidates.length > 0 && candidates.every((s) => s.verification === 'rejected')) return { ...base, verification: 'rejected' };
    return { ...base, verification: 'self-declared' };
  });
}

export const VerifyCertificationBody = documented(
  z.strictObject({
    decision: documented(z.enum(['verified', 'rejected']), 'What the department found', 'verified'),
    note: documented(optionalText(500), 'Where it was checked, or why it was rejected', 'Số chứng nhận khớp sổ cấp của tổ chức chứng nhận'),
    version: documented(z.optional(z.int()), 'The seller version you read (or send If-Match)', 3),
  }),
  'An admin’s decision on one certificate',
  { decision: 'verified', note: 'Số chứng nhận khớp sổ cấp của tổ chức chứng nhận' },
);

export const certificationParam = z.pipe(
  z.string().check(z.regex(/^\d{1,2}$/, 'certification-index')),
  z.transform(Number),
);

/**
 * An admin verifies or rejects the seller's certificate at position `index` (from 0). The seller
 * is written at the next version (If-Match as for any change); then the seller's active listings
 * take over the verification, which re-runs their matching through the stream.
 */
export async function verifyCertification(
  deps: Deps,
  caller: Caller,
  sellerId: string,
  index: number,
  body: z.infer<typeof VerifyCertificationBody>,
  ifMatch: number | undefined,
): Promise<Seller> {
  const seller = await deps.sellers.get(sellerId);
  if (!seller) throw new NotFoundError('not-found', { resource: 'seller', id: sellerId });
  const cert = seller.certifications[index];
  if (!cert) throw new NotFoundError('not-found', { resource: 'certification', id: `${sellerId}/certifications/${index}` });
  const now = deps.clock.now();
  const decided: Verified = {
    ...declaredOnly(cert),
    verification: body.decision,
    verifiedBy: caller.sub,
    verifiedAt: now.toISOString(),
    ...(body.note ? { verificationNote: body.note } : {}),
  };
  const certifications = seller.certifications.map((c, i) => (i === index ? decided : c));
  const next = nextVersion(seller, { certifications } as Partial<Seller>, ifMatch ?? body.version, 'seller', now);
  await deps.sellers.update(next);
  await propagateToListings(deps, next);
  return next;
}

/** Gives the seller's active listings the verification of the seller's certificates (retrying a listing that changed meanwhile). */
export async function propagateToListings(deps: Deps, seller: Seller): Promise<number> {
  let changed = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.listings.search({ sellerId: seller.id, status: 'active' }, { limit: 100, cursor });
    for (const listing of page.items) {
      for (let attempt = 0; attempt < 3; attempt++) {
        const current = attempt === 0 ? listing : await deps.listings.get(listing.id);
        if (!current || current.status !== 'active') break;
        const certifications = listingVerification(current.certifications, seller.certifications);
        if (JSON.stringify(certifications) === JSON.stringify(current.certifications)) break;
        try {
          await deps.listings.update({ ...current, certifications, version: current.version + 1, updatedAt: deps.clock.now().toISOString() });
          changed++;
          break;
        } catch (err) {
          if (!(err instanceof PreconditionFailedError)) throw err;
        }
      }
    }
    cursor = page.nextCursor;
  } while (cursor);
  return changed;
}

// ---------------------------------------------------------------------------------------------
// The department's queue

export const CertificationQueueQuery = z.strictObject({
  status: documented(z._default(z.enum(['pending']), 'pending'), 'Only `pending`: certificates still self-declared, neither verified nor rejected', 'pending'),
  province: documented(z.optional(provinceField), "The seller's province (name or code); a scoped admin may omit it when covering one province", 'Bắc Ninh'),
  ...pageQuery,
});

export const PendingCertificationsOut = documented(
  z.object({
    sellerId: z.string(),
    sellerName: z.string(),
    sellerKind: z.string(),
    province: z.string(),
    taxCode: z.optional(z.string()),
    /** The seller's version: send it (If-Match) with the decision. */
    version: z.number(),
    certifications: z.array(z.extend(CertificationOut, { index: documented(z.int(), 'Its position in the seller’s certificates: the {n} of the verify route', 0) })),
  }),
  'A seller with the certificates that await verification (the others are left out)',
  {
    sellerId: '01JD7ZK3V8E6ZQ4W1TQ5R0M2XN',
    sellerName: 'HTX Vải thiều Phúc Lộc',
    sellerKind: 'cooperative',
    province: 'bac-ninh',
    taxCode: '2400123456',
    version: 3,
    certifications: [{ index: 0, type: 'VietGAP', certificateNo: 'VG-BG-2026-0153', issuer: 'Trung tâm Chứng nhận Phù hợp (QUACERT)', validUntil: '2027-12-31', verification: 'self-declared' }],
  },
);
export type PendingCertifications = z.infer<typeof PendingCertificationsOut>;

/**
 * Sellers with certificates awaiting verification in the provinces the admin acts for (all,
 * for a national admin), oldest change first, each with only its pending certificates.
 */
export async function listPendingCertifications(deps: Deps, caller: Caller, q: { province?: string }, page: PageRequest): Promise<Page<PendingCertifications>> {
  const found = await deps.sellers.listAwaitingVerification(adminQueueProvince(caller, q.province), page);
  return {
    ...found,
    items: found.items.map((s) => ({
      sellerId: s.id,
      sellerName: s.name,
      sellerKind: s.kind,
      province: s.province,
      ...(s.taxCode ? { taxCode: s.taxCode } : {}),
      version: s.version,
      certifications: s.certifications.flatMap((c, index) => (awaitsVerification(c) ? [{ ...c, index, verification: 'self-declared' as const }] : [])),
    })),
  };
}
