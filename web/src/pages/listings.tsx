/** Listing produce (tấn or kg, prices like 25.000, dates dd/mm/yyyy) and a listing with its proposals. */
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ListingCreate } from '#domain/listings.ts';
import { api } from '../api.ts';
import { Busy, DateField, Field, FormError, Status, useLoad } from '../components.tsx';
import { compact, type Errors, useSubmit } from '../forms.ts';
import { formatDate, formatKg, formatVnd, parseVnDate, parseVnNumber, toKg } from '../format.ts';
import { t } from '../i18n.ts';
import { productName, provinceName } from '../reference.ts';
import { ProductSelect } from '../widgets.tsx';
import { MatchList } from './matches.tsx';
import type { Listing } from './sellers.tsx';
import { NearMisses } from '../near-misses.tsx';

type Unit = 'kg' | 't';

/** A number field with a unit switch; the value sent is kg. */
export function QuantityField(props: { name: string; label: string; text: string; unit: Unit; errors: Errors; onText: (v: string) => void; onUnit: (u: Unit) => void }) {
  return (
    <div class="with-unit">
      <Field name={props.name} label={props.label} errors={props.errors} value={props.text} inputMode="decimal" onInput={(e) => props.onText(e.currentTarget.value)} />
      <Field as="select" name={`${props.name}-unit`} label={t('unit')} value={props.unit} onChange={(e) => props.onUnit(e.currentTarget.value as Unit)}>
        <option value="t">{t('tonnes')}</option>
        <option value="kg">{t('kg')}</option>
      </Field>
    </div>
  );
}

/** A typed number that the schema will reject with its own message when it is not one. */
const numberOrText = (text: string) => (text.trim() === '' ? undefined : (parseVnNumber(text) ?? text));

export function NewListing({ sellerId }: { sellerId: string }) {
  const { route } = useLocation();
  const [v, setV] = useState({ product: '', variety: '', quantity: '', unit: 't' as Unit, minOrder: '', minUnit: 'kg' as Unit, price: '', from: '', to: '', description: '' });
  const { errors, error, busy, idem, submit: send } = useSubmit();
  const q = numberOrText(v.quantity);
  const m = numberOrText(v.minOrder);
  async function submit(e: Event) {
    e.preventDefault();
    const body = compact({
      sellerId,
      product: v.product,
      variety: v.variety,
      quantityKg: typeof q === 'number' ? toKg(q, v.unit) : q,
      minOrderKg: typeof m === 'number' ? toKg(m, v.minUnit) : m,
      priceVndPerKg: numberOrText(v.price),
      availableFrom: parseVnDate(v.from),
      availableTo: parseVnDate(v.to),
      description: v.description,
    });
    await send(ListingCreate, body, async () => {
      const listing = await api<Listing>('POST', '/v1/listings', { body, idempotencyKey: idem });
      route(`/listings/${listing.id}`);
    });
  }
  const set = (k: keyof typeof v) => (e: { currentTarget: { value: string } }) => setV({ ...v, [k]: e.currentTarget.value });
  return (
    <section>
      <h1>{t('newListing')}</h1>
      <form onSubmit={submit} noValidate class="card">
        <FormError error={error} />
        <ProductSelect name="product" label={t('product')} errors={errors} value={v.product} onValue={(product) => setV({ ...v, product })} />
        <Field name="variety" label={t('variety')} errors={errors} value={v.variety} onInput={set('variety')} />
        <QuantityField name="quantityKg" label={t('quantity')} text={v.quantity} unit={v.unit} errors={errors} onText={(quantity) => setV({ ...v, quantity })} onUnit={(unit) => setV({ ...v, unit })} />
        <QuantityField name="minOrderKg" label={t('minOrder')} text={v.minOrder} unit={v.minUnit} errors={errors} onText={(minOrder) => setV({ ...v, minOrder })} onUnit={(minUnit) => setV({ ...v, minUnit })} />
        <Field name="priceVndPerKg" label={t('price')} hint={t('priceHint')} errors={errors} value={v.price} inputMode="numeric" onInput={set('price')} />
        <DateField name="availableFrom" label={t('availableFrom')} errors={errors} value={v.from} onValue={(from) => setV({ ...v, from })} />
        <DateField name="availableTo" label={t('availableTo')} errors={errors} value={v.to} onValue={(to) => setV({ ...v, to })} />
        <Field as="textarea" name="description" label={t('description')} errors={errors} value={v.description} onInput={set('description')} />
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t('saving') : t('create')}
        </button>
      </form>
    </section>
  );
}

export function ListingPage({ id }: { id: string }) {
  const { data: l, error, set, reload } = useLoad(() => api<Listing>('GET', `/v1/listings/${id}`), [id]);
  if (error) return <FormError error={error} />;
  if (!l) return <Busy />;
  return (
    <section>
      <h1>
        {productName(l.product)}
        {l.variety ? ` – ${l.variety}` : ''}
      </h1>
      <dl class="facts">
        <dt>{t('status')}</dt>
        <dd>
          <Status value={l.status} />
        </dd>
        <dt>{t('remaining')}</dt>
        <dd>
          {formatKg(l.remainingKg)} / {formatKg(l.quantityKg)}
        </dd>
        <dt>{t('price')}</dt>
        <dd>{formatVnd(l.priceVndPerKg)}</dd>
        <dt>{t('window')}</dt>
        <dd>
          {formatDate(l.availableFrom)} – {formatDate(l.availableTo)}
        </dd>
        <dt>{t('province')}</dt>
        <dd>{provinceName(l.province)}</dd>
      </dl>
      <a href={`/sellers/${l.sellerId}`}>{l.sellerName}</a>
      {/* A confirmed match reserves volume: read the remaining volume again whenever a proposal changes. */}
      <MatchList key={l.version} path={`/v1/listings/${l.id}/matches`} side="seller" onChange={reload} />
      {l.status === 'active' && <NearMisses kind="listing" subject={l} onFixed={(next) => set({ ...l, ...next })} />}
    </section>
  );
}
