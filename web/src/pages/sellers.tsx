/** A cooperative's seller profiles: the profile and certificates, its listings, fair suggestions. */
import { useState } from 'preact/hooks';
import { api, type Page } from '../api.ts';
import { Busy, FormError, Status, useLoad, usePaged, ListState } from '../components.tsx';
import { formatDate, formatKg, formatVnd } from '../format.ts';
import { t, tk } from '../i18n.ts';
import { ProfileForm, type Profile } from '../profile-form.tsx';
import { ProfileList } from '../profile-list.tsx';
import { productName, provinceName } from '../reference.ts';
import { session } from '../session.ts';

export const Sellers = () => <ProfileList side="sellers" title={t('mySellers')} newLabel={t('newSeller')} />;

export interface Listing {
  id: string;
  sellerId: string;
  sellerName: string;
  product: string;
  variety?: string;
  quantityKg: number;
  remainingKg: number;
  minOrderKg: number;
  priceVndPerKg?: number;
  availableFrom: string;
  availableTo: string;
  province: string;
  status: string;
  ownerId: string;
  version: number;
}

interface Suggestion {
  fair: { id: string; name: string; province: string; startsOn: string; endsOn: string; availableBooths: number; boothCount: number; venue: string };
  reasons?: { vi: string[]; en: string[] };
}

export function SellerPage({ id }: { id: string }) {
  const { data: seller, error, set } = useLoad(() => api<Profile & { ownerId: string }>('GET', `/v1/sellers/${id}`), [id]);
  const [editing, setEditing] = useState(false);
  if (error) return <FormError error={error} />;
  if (!seller) return <Busy />;
  const mine = seller.ownerId === session.value?.sub;
  return (
    <section>
      <h1>{seller.name}</h1>
      <p class="muted">
        {provinceName(seller.province)}
        {seller.certifications?.length ? ` · ${seller.certifications.map((c) => `${c.type}${c.stars ? ` ${c.stars}★` : ''} (${formatDate(c.validUntil)}, ${tk('verification', (c as { verification?: string }).verification ?? 'self-declared')})`).join(', ')}` : ''}
      </p>
      {mine &&
        (editing ? (
          <ProfileForm
            side="sellers"
            existing={seller}
            onSaved={(p) => {
              set(p as typeof seller);
              setEditing(false);
            }}
          />
        ) : (
          <button type="button" onClick={() => setEditing(true)}>
            {t('edit')}
          </button>
        ))}
      {mine && (
        <a class="button" href={`/sellers/${seller.id}/webhooks`}>
          {t('webhooks')}
        </a>
      )}
      <SellerListings sellerId={seller.id} mine={mine} />
      {mine && <FairSuggestions sellerId={seller.id} />}
    </section>
  );
}

function SellerListings({ sellerId, mine }: { sellerId: string; mine: boolean }) {
  const [status, setStatus] = useState('active');
  const { page, error, pager } = usePaged<Listing>((cursor) => api<Page<Listing>>('GET', '/v1/listings', { query: { sellerId, status, cursor } }), [sellerId, status]);
  return (
    <section aria-labelledby="listings-h">
      <h2 id="listings-h">{t('listings')}</h2>
      {mine && (
        <a class="button primary" href={`/sellers/${sellerId}/listings/new`}>
          {t('newListing')}
        </a>
      )}
      <label class="inline-select">
        {t('status')}{' '}
        <select value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
          {['active', 'sold_out', 'expired', 'withdrawn'].map((s) => (
            <option key={s} value={s}>
              {t(`status_${s}` as 'status_active')}
            </option>
          ))}
        </select>
      </label>
      <ListState page={page} error={error} />
      <ul class="plain list">
        {page?.items.map((l) => (
          <li key={l.id}>
            <a class="row" href={`/listings/${l.id}`}>
              <span>
                <strong>
                  {productName(l.product)}
                  {l.variety ? ` – ${l.variety}` : ''}
                </strong>
                <span class="muted">
                  {t('remaining')}: {formatKg(l.remainingKg)} / {formatKg(l.quantityKg)} · {formatVnd(l.priceVndPerKg)} · {formatDate(l.availableFrom)} – {formatDate(l.availableTo)}
                </span>
              </span>
              <Status value={l.status} />
            </a>
          </li>
        ))}
      </ul>
      {pager}
    </section>
  );
}

function FairSuggestions({ sellerId }: { sellerId: string }) {
  const { data, error, reload } = useLoad(() => api<{ items: Suggestion[] }>('GET', `/v1/sellers/${sellerId}/fair-suggestions`), [sellerId]);
  const [done, setDone] = useState<Record<string, unknown>>({});
  async function book(fairId: string) {
    try {
      await api('POST', `/v1/fairs/${fairId}/bookings`, { body: { sellerId } });
      setDone({ ...done, [fairId]: true });
      reload();
    } catch (e) {
      setDone({ ...done, [fairId]: e });
    }
  }
  return (
    <section aria-labelledby="fairs-h">
      <h2 id="fairs-h">{t('fairSuggestions')}</h2>
      <ListState page={data} error={error} />
      <ul class="plain list">
        {data?.items.map(({ fair }) => (
          <li key={fair.id} class="card">
            <strong>{fair.name}</strong>
            <span class="muted">
              {fair.venue}, {provinceName(fair.province)} · {formatDate(fair.startsOn)} – {formatDate(fair.endsOn)} · {t('freeBooths', { free: fair.availableBooths, total: fair.boothCount })}
            </span>
            {done[fair.id] === true ? (
              <p role="status">{t('booked')}</p>
            ) : (
              <>
                <FormError error={done[fair.id]} />
                <button type="button" onClick={() => void book(fair.id)}>
                  {t('bookBooth')}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
