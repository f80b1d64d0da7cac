/**
 * "Why nothing matched": the counterparts that fail exactly one hard filter (from the API's
 * near-miss routes), each with a one-tap fix where the owner can make one — the demand's
 * ceiling raised to the asking price, its area widened to the listing's province, a certificate
 * requirement relaxed; the listing's price lowered to the ceiling, its window or minimum order
 * widened. The fix is a PATCH at the version read; matching then proposes the pair as usual.
 */
import { useState } from 'preact/hooks';
import { api, ApiError } from './api.ts';
import { Busy, FormError, useLoad } from './components.tsx';
import { formatDate, formatKg, formatVnd } from './format.ts';
import { lang, t } from './i18n.ts';
import { productName, provinceName } from './reference.ts';

export interface NearMiss {
  counterpart: { kind: 'listing' | 'demand'; id: string; partyId: string; product?: string; category: string; province: string; remainingKg: number; priceVndPerKg?: number; from: string; to: string };
  filter: 'window' | 'quantity' | 'price' | 'certifications' | 'area';
  gap: { amount: number; unit: string };
  reason: { vi: string; en: string };
  score: number;
}

/** The demand fields a fix may change (the rest of the demand is left as it is). */
export interface DemandSubject {
  id: string;
  version: number;
  maxPriceVndPerKg?: number;
  minQuantityKg: number;
  neededFrom: string;
  neededTo: string;
  requiredCertifications: { type: string; minStars?: number; verified?: boolean }[];
  sourcingProvinces?: string[];
  maxDistanceKm?: number;
}

export interface ListingSubject {
  id: string;
  version: number;
  priceVndPerKg?: number;
  minOrderKg: number;
  availableFrom: string;
  availableTo: string;
}

interface Fix {
  label: string;
  /** The PATCH body, or a function reading what it needs first (the listing's certificates). */
  body: () => Promise<Record<string, unknown>>;
}

interface ListingCerts {
  certifications?: { type: string; stars?: number; validUntil: string; verification?: string }[];
}

/** The demand's requirements the listing meets; the rest are dropped, a `verified` flag relaxed when only that fails. */
async function relaxedRequirements(d: DemandSubject, listingId: string, lastDay: string) {
  const l = await api<ListingCerts>('GET', `/v1/listings/${listingId}`);
  const held = l.certifications ?? [];
  const out: DemandSubject['requiredCertifications'] = [];
  for (const r of d.requiredCertifications) {
    const fit = held.filter((c) => c.type === r.type && c.validUntil >= lastDay && c.verification !== 'rejected' && (r.type !== 'OCOP' || r.minStars === undefined || (c.stars ?? 0) >= r.minStars));
    if (fit.length === 0) continue;
    out.push(r.verified && !fit.some((c) => c.verification === 'verified') ? { type: r.type, ...(r.minStars !== undefined ? { minStars: r.minStars } : {}) } : r);
  }
  return out;
}

const today = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
const later = (a: string, b: string) => (a > b ? a : b);

/** The one-tap fix of a demand's near miss, if the buyer can make one. */
function demandFix(d: DemandSubject, m: NearMiss): Fix | undefined {
  const c = m.counterpart;
  switch (m.filter) {
    case 'price':
      return c.priceVndPerKg === undefined ? undefined : { label: t('fixRaiseCeiling', { price: formatVnd(c.priceVndPerKg) }), body: async () => ({ maxPriceVndPerKg: c.priceVndPerKg }) };
    case 'area':
      if (d.maxDistanceKm !== undefined) {
        const km = Math.min(2000, d.maxDistanceKm + Math.ceil(m.gap.amount) + 1);
        return { label: t('fixWidenRadius', { km }), body: async () => ({ maxDistanceKm: km }) };
      }
      return { label: t('fixAddProvince', { province: provinceName(c.province) }), body: async () => ({ sourcingProvinces: [...(d.sourcingProvinces ?? []), c.province] }) };
    case 'certifications': {
      const lastDay = c.to < d.neededTo ? c.to : d.neededTo;
      return { label: t('fixRelaxCertificates'), body: async () => ({ requiredCertifications: await relaxedRequirements(d, c.id, lastDay) }) };
    }
    case 'window':
      return c.to < d.neededFrom
        ? { label: t('fixNeededFrom', { date: formatDate(later(c.from, today())) }), body: async () => ({ neededFrom: later(c.from, today()) }) }
        : { label: t('fixNeededTo', { date: formatDate(c.to) }), body: async () => ({ neededTo: c.to }) };
    case 'quantity':
      // Only the buyer's own minimum lot is the buyer's to change.
      return c.remainingKg < d.minQuantityKg ? { label: t('fixMinLot', { kg: formatKg(c.remainingKg) }), body: async () => ({ minQuantityKg: c.remainingKg }) } : undefined;
  }
}

/** The one-tap fix of a listing's near miss, if the seller can make one. */
function listingFix(l: ListingSubject, m: NearMiss): Fix | undefined {
  const c = m.counterpart;
  switch (m.filter) {
    case 'price':
      return c.priceVndPerKg === undefined ? undefined : { label: t('fixLowerPrice', { price: formatVnd(c.priceVndPerKg) }), body: async () => ({ priceVndPerKg: c.priceVndPerKg }) };
    case 'window':
      return c.to < l.availableFrom
        ? { label: t('fixAvailableFrom', { date: formatDate(later(c.from, today())) }), body: async () => ({ availableFrom: later(c.from, today()) }) }
        : { label: t('fixAvailableTo', { date: formatDate(c.to) }), body: async () => ({ availableTo: c.to }) };
    case 'quantity':
      return c.remainingKg < l.minOrderKg ? { label: t('fixMinOrder', { kg: formatKg(c.remainingKg) }), body: async () => ({ minOrderKg: c.remainingKg }) } : undefined;
    default:
      // The buyer's area and certificate rules are not the seller's to change.
      return undefined;
  }
}

/** A failed fix: the API's title, and each field's message (the fix has no form to put them beside). */
function FixError({ error }: { error: unknown }) {
  if (!(error instanceof ApiError) || Object.keys(error.fields).length === 0) return <FormError error={error} />;
  return (
    <p class="alert" role="alert">
      {error.title}: {Object.values(error.fields).join(' ')}
    </p>
  );
}

type Props<S> = { subject: S; onFixed: (updated: S) => void };

/** A demand's near misses (`kind` demand) or a listing's (`kind` listing), with their fixes. */
export function NearMisses(props: ({ kind: 'demand' } & Props<DemandSubject>) | ({ kind: 'listing' } & Props<ListingSubject>)) {
  const { kind, subject } = props;
  const base = kind === 'demand' ? `/v1/demands/${subject.id}` : `/v1/listings/${subject.id}`;
  const { data, error, reload } = useLoad(() => api<{ items: NearMiss[] }>('GET', `${base}/near-misses`), [base, subject.version]);
  const [busy, setBusy] = useState<string>();
  const [failed, setFailed] = useState<{ id: string; error: unknown }>();
  const [fixed, setFixed] = useState<string>();
  async function apply(m: NearMiss, fix: Fix) {
    setBusy(m.counterpart.id);
    setFailed(undefined);
    try {
      const updated = await api<DemandSubject & ListingSubject>('PATCH', base, { body: await fix.body(), version: subject.version });
      setFixed(fix.label);
      props.onFixed(updated);
      reload();
    } catch (e) {
      setFailed({ id: m.counterpart.id, error: e });
    } finally {
      setBusy(undefined);
    }
  }
  const h = `near-${subject.id}`;
  return (
    <section aria-labelledby={h}>
      <h2 id={h}>{t('nearMisses')}</h2>
      <p class="muted">{t('nearMissesIntro')}</p>
      {fixed && (
        <p role="status" class="card">
          {t('fixApplied', { fix: fixed })}
        </p>
      )}
      <FormError error={error} />
      {!data && !error && <Busy />}
      {data?.items.length === 0 && <p>{t('noNearMisses')}</p>}
      <ul class="plain list">
        {data?.items.map((m) => {
          const fix = kind === 'demand' ? demandFix(props.subject, m) : listingFix(props.subject, m);
          const c = m.counterpart;
          return (
            <li key={c.id} class="card near-miss">
              <p>
                <strong>{m.reason[lang.value]}</strong>
              </p>
              <p class="muted">
                {productName(c.product ?? c.category)} · {provinceName(c.province)} · {formatKg(c.remainingKg)} · {formatVnd(c.priceVndPerKg)} · {formatDate(c.from)} – {formatDate(c.to)}
              </p>
              {failed?.id === c.id && <FixError error={failed.error} />}
              {fix && (
                <button type="button" class="primary" disabled={busy !== undefined} onClick={() => void apply(m, fix)}>
                  {busy === c.id ? t('saving') : fix.label}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
