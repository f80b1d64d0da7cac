/**
 * Fairs. Organisers: create (draft), edit, publish, cancel; the bookings with booth numbers and
 * approvals, printable (print stylesheet) and as CSV (bookings.tsx). Cooperatives: the published fairs, a page at a time.
 */
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { FairCreate, FairPatch } from '#domain/fairs.ts';
import { FAIR_KINDS } from '#domain/fair-views.ts';
import { api, type Page } from '../api.ts';
import { Busy, DateField, Field, FormError, Status, useLoad, usePaged } from '../components.tsx';
import { compact, useSubmit } from '../forms.ts';
import { formatDate, parseVnDate, parseVnNumber } from '../format.ts';
import { t, tk } from '../i18n.ts';
import { productName, provinceName } from '../reference.ts';
import { roles, session } from '../session.ts';
import { ProvinceInput } from '../widgets.tsx';
import { Bookings } from './bookings.tsx';

interface Fair {
  id: string;
  ownerId: string;
  name: string;
  kind: string;
  province: string;
  venue: string;
  startsOn: string;
  endsOn: string;
  registrationClosesOn: string;
  boothCount: number;
  bookedCount: number;
  availableBooths: number;
  products: string[];
  categories: string[];
  description?: string;
  status: string;
  approvalRequired?: boolean;
  version: number;
}


function FairRow({ f }: { f: Fair }) {
  return (
    <a class="row" href={`/fairs/${f.id}`}>
      <span>
        <strong>{f.name}</strong>
        <span class="muted">
          {provinceName(f.province)} · {formatDate(f.startsOn)} – {formatDate(f.endsOn)} · {t('freeBooths', { free: f.availableBooths, total: f.boothCount })}
        </span>
      </span>
      <Status value={f.status} />
    </a>
  );
}

export function Fairs() {
  const organiser = roles.value.has('organiser');
  const [adding, setAdding] = useState(false);
  const { route } = useLocation();
  const mine = usePaged<Fair>((cursor) => (organiser ? api<Page<Fair>>('GET', '/v1/fairs', { query: { mine: 'true', cursor } }) : Promise.resolve({ items: [] })), [organiser]);
  const published = usePaged<Fair>((cursor) => api<Page<Fair>>('GET', '/v1/fairs', { query: { cursor } }), []);
  return (
    <section>
      <h1>{t('myFairs')}</h1>
      {organiser && (
        <>
          <FormError error={mine.error} />
          <ul class="plain list">
            {mine.page?.items.map((f) => (
              <li key={f.id}>
                <FairRow f={f} />
              </li>
            ))}
          </ul>
          {mine.pager}
          {adding ? (
            <FairForm onSaved={(f) => route(`/fairs/${f.id}`)} />
          ) : (
            <button type="button" class="primary" onClick={() => setAdding(true)}>
              {t('newFair')}
            </button>
          )}
        </>
      )}
      <h2>{tk('status', 'published')}</h2>
      <FormError error={published.error} />
      {!published.page && !published.error && <Busy />}
      {published.page?.items.length === 0 && <p>{t('none')}</p>}
      <ul class="plain list">
        {published.page?.items.map((f) => (
          <li key={f.id}>
            <FairRow f={f} />
          </li>
        ))}
      </ul>
      {published.pager}
    </section>
  );
}

function FairForm({ existing, onSaved }: { existing?: Fair; onSaved: (f: Fair) => void }) {
  const [v, setV] = useState({
    name: existing?.name ?? '',
    kind: existing?.kind ?? 'fair',
    province: existing ? provinceName(existing.province) : '',
    venue: existing?.venue ?? '',
    startsOn: formatDate(existing?.startsOn).replace('—', ''),
    endsOn: formatDate(existing?.endsOn).replace('—', ''),
    registrationClosesOn: formatDate(existing?.registrationClosesOn).replace('—', ''),
    boothCount: existing ? String(existing.boothCount) : '',
    products: existing?.products.map(productName).join(', ') ?? '',
    description: existing?.description ?? '',
  });
  const [approval, setApproval] = useState(!!existing?.approvalRequired);
  const { errors, error, busy, idem, submit: send } = useSubmit();
  const set = (k: keyof typeof v) => (e: { currentTarget: { value: string } }) => setV({ ...v, [k]: e.currentTarget.value });
  async function submit(e: Event) {
    e.preventDefault();
    const products = v.products.split(',').map((p) => p.trim()).filter(Boolean);
    const body = compact({
      name: v.name,
      kind: v.kind,
      province: v.province,
      venue: v.venue,
      startsOn: parseVnDate(v.startsOn),
      endsOn: parseVnDate(v.endsOn),
      registrationClosesOn: parseVnDate(v.registrationClosesOn),
      boothCount: v.boothCount.trim() === '' ? undefined : (parseVnNumber(v.boothCount) ?? v.boothCount),
      products: products.length ? products : undefined,
      description: v.description,
      approvalRequired: approval || (existing?.approvalRequired ? false : undefined),
    });
    await send(existing ? FairPatch : FairCreate, body, async () => {
      onSaved(existing ? await api<Fair>('PATCH', `/v1/fairs/${existing.id}`, { body, version: existing.version }) : await api<Fair>('POST', '/v1/fairs', { body, idempotencyKey: idem }));
    });
  }
  return (
    <form onSubmit={submit} noValidate class="card">
      <FormError error={error} />
      <Field name="name" label={t('name')} errors={errors} value={v.name} onInput={set('name')} />
      <Field as="select" name="kind" label={t('kind')} errors={errors} value={v.kind} onChange={set('kind')}>
        {FAIR_KINDS.map((k) => (
          <option key={k} value={k}>
            {tk('kind', k)}
          </option>
        ))}
      </Field>
      <ProvinceInput name="province" label={t('province')} errors={errors} value={v.province} onValue={(province) => setV({ ...v, province })} />
      <Field name="venue" label={t('venue')} errors={errors} value={v.venue} onInput={set('venue')} />
      <DateField name="startsOn" label={t('startsOn')} errors={errors} value={v.startsOn} onValue={(startsOn) => setV({ ...v, startsOn })} />
      <DateField name="endsOn" label={t('endsOn')} errors={errors} value={v.endsOn} onValue={(endsOn) => setV({ ...v, endsOn })} />
      <DateField name="registrationClosesOn" label={t('registrationClosesOn')} errors={errors} value={v.registrationClosesOn} onValue={(registrationClosesOn) => setV({ ...v, registrationClosesOn })} />
      <Field name="boothCount" label={t('boothCount')} errors={errors} value={v.boothCount} inputMode="numeric" onInput={set('boothCount')} />
      <Field name="products" label={t('productsFeatured')} errors={errors} value={v.products} onInput={set('products')} />
      <label class="check">
        <input type="checkbox" name="approvalRequired" checked={approval} onChange={(e) => setApproval(e.currentTarget.checked)} /> {t('approvalRequired')}
      </label>
      <Field as="textarea" name="description" label={t('description')} errors={errors} value={v.description} onInput={set('description')} />
      <button type="submit" class="primary" disabled={busy}>
        {busy ? t('saving') : existing ? t('save') : t('create')}
      </button>
    </form>
  );
}

export function FairPage({ id }: { id: string }) {
  const { data: fair, error, set } = useLoad(() => api<Fair>('GET', `/v1/fairs/${id}`), [id]);
  const [editing, setEditing] = useState(false);
  const [actionError, setActionError] = useState<unknown>();
  const owner = !!fair && fair.ownerId === session.value?.sub;
  if (error) return <FormError error={error} />;
  if (!fair) return <Busy />;
  async function act(what: 'publish' | 'cancel') {
    if (what === 'cancel' && !confirm(t('confirmCancelFair'))) return;
    setActionError(undefined);
    try {
      set(await api<Fair>('POST', `/v1/fairs/${id}/${what}`, { version: fair!.version }));
    } catch (e) {
      setActionError(e);
    }
  }
  return (
    <section>
      <h1>{fair.name}</h1>
      <p class="muted no-print">
        <Status value={fair.status} /> {tk('kind', fair.kind)} · {fair.venue}, {provinceName(fair.province)} · {formatDate(fair.startsOn)} – {formatDate(fair.endsOn)} · {t('registrationClosesOn')}: {formatDate(fair.registrationClosesOn)} ·{' '}
        {t('freeBooths', { free: fair.availableBooths, total: fair.boothCount })}
      </p>
      <p class="print-only">
        {fair.venue}, {provinceName(fair.province)} · {formatDate(fair.startsOn)} – {formatDate(fair.endsOn)}
      </p>
      <FormError error={actionError} />
      {owner && (
        <div class="actions no-print">
          {fair.status === 'draft' && (
            <button type="button" class="primary" onClick={() => void act('publish')}>
              {t('publish')}
            </button>
          )}
          {fair.status !== 'cancelled' && (
            <button type="button" onClick={() => setEditing(!editing)}>
              {t('edit')}
            </button>
          )}
          {fair.status !== 'cancelled' && (
            <button type="button" class="danger" onClick={() => void act('cancel')}>
              {t('cancelFair')}
            </button>
          )}
        </div>
      )}
      {editing && <FairForm existing={fair} onSaved={(f) => (set(f), setEditing(false))} />}
      {(owner || roles.value.has('admin')) && <Bookings fairId={fair.id} organiser={owner} approvalRequired={!!fair.approvalRequired} onChanged={() => void api<Fair>('GET', `/v1/fairs/${id}`).then(set, () => undefined)} />}
    </section>
  );
}
