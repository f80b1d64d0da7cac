/** A retailer's buyer profiles and each one's demands. */
import { useState } from 'preact/hooks';
import { api, type Page } from '../api.ts';
import { Busy, FormError, Status, useLoad, usePaged, ListState } from '../components.tsx';
import { formatDate, formatKg, formatVnd } from '../format.ts';
import { t } from '../i18n.ts';
import { ProfileForm, type Profile } from '../profile-form.tsx';
import { ProfileList } from '../profile-list.tsx';
import { productName, provinceName } from '../reference.ts';
import { session } from '../session.ts';
import type { Demand } from './demands.tsx';

export const Buyers = () => <ProfileList side="buyers" title={t('myBuyers')} newLabel={t('newBuyer')} />;

export function BuyerPage({ id }: { id: string }) {
  const { data: buyer, error, set } = useLoad(() => api<Profile & { ownerId: string }>('GET', `/v1/buyers/${id}`), [id]);
  const [editing, setEditing] = useState(false);
  const [status, setStatus] = useState('open');
  const { page, error: listError, pager } = usePaged<Demand>((cursor) => api<Page<Demand>>('GET', '/v1/demands', { query: { buyerId: id, status, cursor } }), [id, status]);
  if (error) return <FormError error={error} />;
  if (!buyer) return <Busy />;
  const mine = buyer.ownerId === session.value?.sub;
  return (
    <section>
      <h1>{buyer.name}</h1>
      <p class="muted">{provinceName(buyer.province)}</p>
      {mine &&
        (editing ? (
          <ProfileForm side="buyers" existing={buyer} onSaved={(p) => (set(p as typeof buyer), setEditing(false))} />
        ) : (
          <button type="button" onClick={() => setEditing(true)}>
            {t('edit')}
          </button>
        ))}
      {mine && (
        <a class="button" href={`/buyers/${id}/webhooks`}>
          {t('webhooks')}
        </a>
      )}
      <h2>{t('demands')}</h2>
      {mine && (
        <a class="button primary" href={`/buyers/${id}/demands/new`}>
          {t('newDemand')}
        </a>
      )}
      <label class="inline-select">
        {t('status')}{' '}
        <select value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
          {['open', 'fulfilled', 'expired', 'withdrawn'].map((s) => (
            <option key={s} value={s}>
              {t(`status_${s}` as 'status_open')}
            </option>
          ))}
        </select>
      </label>
      <ListState page={page} error={listError} />
      <ul class="plain list">
        {page?.items.map((d) => (
          <li key={d.id}>
            <a class="row" href={`/demands/${d.id}`}>
              <span>
                <strong>{productName(d.product ?? d.category)}</strong>
                <span class="muted">
                  {t('remaining')}: {formatKg(d.remainingKg)} / {formatKg(d.quantityKg)} · ≤ {formatVnd(d.maxPriceVndPerKg)} · {formatDate(d.neededFrom)} – {formatDate(d.neededTo)}
                </span>
              </span>
              <Status value={d.status} />
            </a>
          </li>
        ))}
      </ul>
      {pager}
    </section>
  );
}
