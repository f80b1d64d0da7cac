/** The seller and buyer profile form (create and edit), validated with the domain's schemas. */
import { useState } from 'preact/hooks';
import { SellerCreate, SellerPatch, SELLER_KINDS } from '#domain/sellers.ts';
import { BuyerCreate, BuyerPatch, BUYER_KINDS } from '#domain/buyers.ts';
import { CERTIFICATION_TYPES } from '#domain/schemas.ts';
import { api } from './api.ts';
import { DateField, Field, FormError } from './components.tsx';
import { compact, useSubmit } from './forms.ts';
import { formatDate, parseVnDate } from './format.ts';
import { t, tk } from './i18n.ts';
import { provinceName } from './reference.ts';
import { ProvinceInput, ProvincePicker } from './widgets.tsx';

export interface Profile {
  id: string;
  name: string;
  kind: string;
  taxCode?: string;
  province: string;
  address?: string;
  contact: { name?: string; phone?: string; email?: string };
  certifications?: { type: string; stars?: number; certificateNo?: string; issuer?: string; validUntil: string }[];
  deliveryProvinces?: string[];
  description?: string;
  version: number;
}

interface CertRow {
  type: string;
  stars: string;
  certificateNo: string;
  issuer: string;
  validUntil: string;
}

export function ProfileForm({ side, existing, onSaved }: { side: 'sellers' | 'buyers'; existing?: Profile; onSaved: (p: Profile) => void }) {
  const kinds = side === 'sellers' ? SELLER_KINDS : BUYER_KINDS;
  const [v, setV] = useState({
    name: existing?.name ?? '',
    kind: existing?.kind ?? kinds[0],
    taxCode: existing?.taxCode ?? '',
    province: existing ? provinceName(existing.province) : '',
    address: existing?.address ?? '',
    contactName: existing?.contact.name ?? '',
    phone: existing?.contact.phone ?? '',
    email: existing?.contact.email ?? '',
    description: existing?.description ?? '',
  });
  const [deliveryProvinces, setDelivery] = useState<string[]>(existing?.deliveryProvinces ?? []);
  const [certs, setCerts] = useState<CertRow[]>(
    (existing?.certifications ?? []).map((c) => ({ type: c.type, stars: c.stars ? String(c.stars) : '', certificateNo: c.certificateNo ?? '', issuer: c.issuer ?? '', validUntil: formatDate(c.validUntil) })),
  );
  const { errors, error, busy, idem, submit: send } = useSubmit();
  const set = (k: keyof typeof v) => (e: { currentTarget: { value: string } }) => setV({ ...v, [k]: e.currentTarget.value });

  async function submit(e: Event) {
    e.preventDefault();
    const body = compact({
      name: v.name,
      kind: v.kind,
      taxCode: v.taxCode,
      province: v.province,
      address: v.address,
      contact: { name: v.contactName, phone: v.phone, email: v.email },
      description: v.description,
      ...(side === 'sellers'
        ? { certifications: certs.map((c) => ({ type: c.type, stars: c.stars ? Number(c.stars) : undefined, certificateNo: c.certificateNo, issuer: c.issuer, validUntil: parseVnDate(c.validUntil) })) }
        : deliveryProvinces.length
          ? { deliveryProvinces }
          : {}),
    }) as Record<string, unknown>;
    if (side === 'sellers' && !body.certifications) body.certifications = [];
    // The API requires a contact object, even an empty one.
    body.contact ??= {};
    const schema = side === 'sellers' ? (existing ? SellerPatch : SellerCreate) : existing ? BuyerPatch : BuyerCreate;
    await send(schema, body, async () => {
      const saved = existing
        ? await api<Profile>('PATCH', `/v1/${side}/${existing.id}`, { body, version: existing.version })
        : await api<Profile>('POST', `/v1/${side}`, { body, idempotencyKey: idem });
      onSaved(saved);
    });
  }

  return (
    <form onSubmit={submit} noValidate class="card">
      <FormError error={error} />
      <Field name="name" label={t('name')} errors={errors} value={v.name} onInput={set('name')} required />
      <Field as="select" name="kind" label={t('kind')} errors={errors} value={v.kind} onChange={set('kind')}>
        {kinds.map((k) => (
          <option key={k} value={k}>
            {tk('kind', k)}
          </option>
        ))}
      </Field>
      <Field name="taxCode" label={t('taxCode')} errors={errors} value={v.taxCode} onInput={set('taxCode')} inputMode="numeric" />
      <ProvinceInput name="province" label={t('province')} errors={errors} value={v.province} onValue={(province) => setV({ ...v, province })} />
      <Field name="address" label={t('address')} errors={errors} value={v.address} onInput={set('address')} />
      <Field name="contact.name" label={t('contactName')} errors={errors} value={v.contactName} onInput={set('contactName')} autoComplete="name" />
      <Field name="contact.phone" label={t('phone')} errors={errors} value={v.phone} onInput={set('phone')} type="tel" autoComplete="tel" />
      <Field name="contact.email" label={t('email')} errors={errors} value={v.email} onInput={set('email')} type="email" autoComplete="email" />
      {side === 'buyers' && <ProvincePicker name="deliveryProvinces" label={t('deliveryProvince')} errors={errors} value={deliveryProvinces} onValue={setDelivery} />}
      {side === 'sellers' && (
        <fieldset>
          <legend>{t('certifications')}</legend>
          {certs.map((c, i) => {
            const upd = (patch: Partial<CertRow>) => setCerts(certs.map((x, j) => (j === i ? { ...x, ...patch } : x)));
            return (
              <div class="cert" key={i}>
                <Field as="select" name={`certifications[${i}].type`} label={t('certType')} errors={errors} value={c.type} onChange={(e) => upd({ type: e.currentTarget.value })}>
                  {CERTIFICATION_TYPES.map((ct) => (
                    <option key={ct} value={ct}>
                      {ct}
                    </option>
                  ))}
                </Field>
                {c.type === 'OCOP' && (
                  <Field as="select" name={`certifications[${i}].stars`} label={t('stars')} errors={errors} value={c.stars} onChange={(e) => upd({ stars: e.currentTarget.value })}>
                    <option value="">—</option>
                    {[3, 4, 5].map((s) => (
                      <option key={s} value={String(s)}>
                        {'★'.repeat(s)} ({s})
                      </option>
                    ))}
                  </Field>
                )}
                <Field name={`certifications[${i}].certificateNo`} label={t('certificateNo')} errors={errors} value={c.certificateNo} onInput={(e) => upd({ certificateNo: e.currentTarget.value })} />
                <Field name={`certifications[${i}].issuer`} label={t('issuer')} errors={errors} value={c.issuer} onInput={(e) => upd({ issuer: e.currentTarget.value })} />
                <DateField name={`certifications[${i}].validUntil`} label={t('validUntil')} errors={errors} value={c.validUntil} onValue={(validUntil) => upd({ validUntil })} />
                <button type="button" onClick={() => setCerts(certs.filter((_, j) => j !== i))}>
                  {t('remove')}
                </button>
              </div>
            );
          })}
          <button type="button" onClick={() => setCerts([...certs, { type: 'VietGAP', stars: '', certificateNo: '', issuer: '', validUntil: '' }])}>
            {t('addCertificate')}
          </button>
        </fieldset>
      )}
      <Field as="textarea" name="description" label={t('description')} errors={errors} value={v.description} onInput={set('description')} />
      <button type="submit" class="primary" disabled={busy}>
        {busy ? t('saving') : existing ? t('save') : t('create')}
      </button>
    </form>
  );
}
