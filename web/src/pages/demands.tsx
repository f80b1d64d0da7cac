/** Posting a purchase demand and a demand with its proposals. */
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { DemandCreate } from '#domain/demands.ts';
import { CERTIFICATION_TYPES } from '#domain/schemas.ts';
import { api } from '../api.ts';
import { Busy, DateField, Field, FormError, Status, useLoad } from '../components.tsx';
import { compact, useSubmit } from '../forms.ts';
import { formatDate, formatKg, formatVnd, parseVnDate, parseVnNumber, toKg } from '../format.ts';
import { t } from '../i18n.ts';
import { productName, provinceName } from '../reference.ts';
import { ProductSelect, ProvinceInput, ProvincePicker } from '../widgets.tsx';
import { MatchList } from './matches.tsx';
import { QuantityField } from './listings.tsx';
import { NearMisses } from '../near-misses.tsx';

export interface Demand {
  id: string;
  buyerId: string;
  buyerName: string;
  product?: string;
  category: string;
  quantityKg: number;
  remainingKg: number;
  minQuantityKg: number;
  maxPriceVndPerKg?: number;
  neededFrom: string;
  neededTo: string;
  requiredCertifications: { type: string; minStars?: number; verified?: boolean }[];
  sourcingProvinces?: string[];
  maxDistanceKm?: number;
  deliveryProvince: string;
  status: string;
  version: number;
}

const numberOrText = (text: string) => (text.trim() === '' ? undefined : (parseVnNumber(text) ?? text));

export function NewDemand({ buyerId }: { buyerId: string }) {
  const { route } = useLocation();
  const [v, setV] = useState({ what: '', quantity: '', unit: 't' as 'kg' | 't', minQ: '', minUnit: 't' as 'kg' | 't', maxPrice: '', from: '', to: '', delivery: '', description: '' });
  const [certs, setCerts] = useState<string[]>([]);
  const [provinces, setProvinces] = useState<string[]>([]);
  const { errors, error, busy, idem, submit: send } = useSubmit();
  async function submit(e: Event) {
    e.preventDefault();
    const q = numberOrText(v.quantity);
    const mq = numberOrText(v.minQ);
    const body = compact({
      buyerId,
      ...(v.what.startsWith('category:') ? { category: v.what.slice(9) } : { product: v.what }),
      quantityKg: typeof q === 'number' ? toKg(q, v.unit) : q,
      minQuantityKg: typeof mq === 'number' ? toKg(mq, v.minUnit) : mq,
      maxPriceVndPerKg: numberOrText(v.maxPrice),
      neededFrom: parseVnDate(v.from),
      neededTo: parseVnDate(v.to),
      requiredCertifications: certs.length ? certs.map((type) => ({ type })) : undefined,
      sourcingProvinces: provinces.length ? provinces : undefined,
      deliveryProvince: v.delivery,
      description: v.description,
    });
    await send(DemandCreate, body, async () => {
      const d = await api<Demand>('POST', '/v1/demands', { body, idempotencyKey: idem });
      route(`/demands/${d.id}`);
    });
  }
  const set = (k: keyof typeof v) => (e: { currentTarget: { value: string } }) => setV({ ...v, [k]: e.currentTarget.value });
  // "product or category" errors from the API name either field; show them on the one select.
  const shown = { ...errors, what: errors.product ?? errors.category ?? errors[''] };
  return (
    <section>
      <h1>{t('newDemand')}</h1>
      <form onSubmit={submit} noValidate class="card">
        <FormError error={error} />
        <ProductSelect name="what" label={t('productOrCategory')} withCategories errors={shown} value={v.what} onValue={(what) => setV({ ...v, what })} />
        <QuantityField name="quantityKg" label={t('quantity')} text={v.quantity} unit={v.unit} errors={errors} onText={(quantity) => setV({ ...v, quantity })} onUnit={(unit) => setV({ ...v, unit })} />
        <QuantityField name="minQuantityKg" label={t('minQuantity')} text={v.minQ} unit={v.minUnit} errors={errors} onText={(minQ) => setV({ ...v, minQ })} onUnit={(minUnit) => setV({ ...v, minUnit })} />
        <Field name="maxPriceVndPerKg" label={t('maxPrice')} hint={t('priceHint')} errors={errors} value={v.maxPrice} inputMode="numeric" onInput={set('maxPrice')} />
        <DateField name="neededFrom" label={t('neededFrom')} errors={errors} value={v.from} onValue={(from) => setV({ ...v, from })} />
        <DateField name="neededTo" label={t('neededTo')} errors={errors} value={v.to} onValue={(to) => setV({ ...v, to })} />
        <fieldset>
          <legend>{t('requiredCerts')}</legend>
          {CERTIFICATION_TYPES.map((c) => (
            <label class="check" key={c}>
              <input type="checkbox" checked={certs.includes(c)} onChange={(e) => setCerts(e.currentTarget.checked ? [...certs, c] : certs.filter((x) => x !== c))} /> {c}
            </label>
          ))}
        </fieldset>
        <ProvincePicker name="sourcingProvinces" label={t('sourcingProvinces')} errors={errors} value={provinces} onValue={setProvinces} />
        <ProvinceInput name="deliveryProvince" label={t('deliveryProvince')} errors={errors} value={v.delivery} onValue={(delivery) => setV({ ...v, delivery })} />
        <Field as="textarea" name="description" label={t('description')} errors={errors} value={v.description} onInput={set('description')} />
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t('saving') : t('create')}
        </button>
      </form>
    </section>
  );
}

export function DemandPage({ id }: { id: string }) {
  const { data: d, error, set } = useLoad(() => api<Demand>('GET', `/v1/demands/${id}`), [id]);
  if (error) return <FormError error={error} />;
  if (!d) return <Busy />;
  return (
    <section>
      <h1>{productName(d.product ?? d.category)}</h1>
      <dl class="facts">
        <dt>{t('status')}</dt>
        <dd>
          <Status value={d.status} />
        </dd>
        <dt>{t('remaining')}</dt>
        <dd>
          {formatKg(d.remainingKg)} / {formatKg(d.quantityKg)}
        </dd>
        <dt>{t('maxPrice')}</dt>
        <dd>{formatVnd(d.maxPriceVndPerKg)}</dd>
        <dt>{t('window')}</dt>
        <dd>
          {formatDate(d.neededFrom)} – {formatDate(d.neededTo)}
        </dd>
        <dt>{t('sourcingProvinces')}</dt>
        <dd>{d.sourcingProvinces?.map(provinceName).join(', ') ?? t('anyProvince')}</dd>
      </dl>
      <a href={`/buyers/${d.buyerId}`}>{d.buyerName}</a>
      {/* A fix changes the version: the list is mounted afresh and looks for the new proposal. */}
      <MatchList key={d.version} path={`/v1/demands/${d.id}/matches`} side="buyer" />
      {d.status === 'open' && <NearMisses kind="demand" subject={d} onFixed={(next) => set({ ...d, ...next })} />}
    </section>
  );
}
