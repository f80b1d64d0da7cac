/**
 * The department's queue: certificates awaiting verification in the provinces the admin acts
 * for, by seller, a page at a time; each verified or rejected (with a note) at the seller
 * version read.
 */
import { useState } from 'preact/hooks';
import { VerifyCertificationBody } from '#domain/certifications.ts';
import { api, type Page } from '../api.ts';
import { Busy, Field, FormError, usePaged } from '../components.tsx';
import { compact, useSubmit } from '../forms.ts';
import { formatDate } from '../format.ts';
import { t, tk } from '../i18n.ts';
import { provinceName } from '../reference.ts';
import { ProvinceInput } from '../widgets.tsx';

interface Pending {
  sellerId: string;
  sellerName: string;
  sellerKind: string;
  province: string;
  taxCode?: string;
  version: number;
  certifications: { index: number; type: string; stars?: number; certificateNo?: string; issuer?: string; validUntil: string }[];
}

export function Certifications() {
  const [province, setProvince] = useState('');
  const [asked, setAsked] = useState('');
  const { page, error, pager, reload } = usePaged<Pending>((cursor) => api<Page<Pending>>('GET', '/v1/certifications', { query: { status: 'pending', province: asked, cursor } }), [asked]);
  const fields = error && typeof error === 'object' && 'fields' in error ? (error as { fields: Record<string, string> }).fields : undefined;
  return (
    <section>
      <h1>{t('certQueue')}</h1>
      <p class="muted">{t('certQueueIntro')}</p>
      <form
        class="inline"
        onSubmit={(e) => {
          e.preventDefault();
          setAsked(province);
        }}
      >
        <ProvinceInput name="province" label={t('province')} errors={fields} value={province} onValue={setProvince} />
        <button type="submit">{t('show')}</button>
      </form>
      <FormError error={error} />
      {!page && !error && <Busy />}
      {page?.items.length === 0 && <p>{t('certQueueEmpty')}</p>}
      <ul class="plain list">
        {page?.items.map((s) => (
          <li key={`${s.sellerId}:${s.version}`}>
            <SellerCertificates seller={s} onDecided={reload} />
          </li>
        ))}
      </ul>
      {pager}
    </section>
  );
}

function SellerCertificates({ seller: s, onDecided }: { seller: Pending; onDecided: () => void }) {
  const h = `cq-${s.sellerId}`;
  return (
    <article class="card" aria-labelledby={h}>
      <h2 id={h}>
        <a href={`/sellers/${s.sellerId}`}>{s.sellerName}</a>
      </h2>
      <p class="muted">
        {tk('kind', s.sellerKind)} · {provinceName(s.province)}
        {s.taxCode ? ` · ${t('taxCode')}: ${s.taxCode}` : ''}
      </p>
      {s.certifications.map((c) => (
        <Decision key={c.index} seller={s} cert={c} onDecided={onDecided} />
      ))}
    </article>
  );
}

function Decision({ seller, cert: c, onDecided }: { seller: Pending; cert: Pending['certifications'][number]; onDecided: () => void }) {
  const [note, setNote] = useState('');
  const { errors, error, busy, submit } = useSubmit();
  const name = `${c.type}${c.stars ? ` ${c.stars}★` : ''}`;
  async function decide(decision: 'verified' | 'rejected') {
    const body = compact({ decision, note });
    await submit(VerifyCertificationBody, body, async () => {
      await api('POST', `/v1/sellers/${seller.sellerId}/certifications/${c.index}/verify`, { body, version: seller.version });
      onDecided();
    });
  }
  return (
    <section class="cert" aria-label={`${name}: ${seller.sellerName}`}>
      <h3>{name}</h3>
      <dl class="facts">
        <dt>{t('certificateNo')}</dt>
        <dd>{c.certificateNo ?? '—'}</dd>
        <dt>{t('issuer')}</dt>
        <dd>{c.issuer ?? '—'}</dd>
        <dt>{t('validUntil')}</dt>
        <dd>{formatDate(c.validUntil)}</dd>
      </dl>
      <FormError error={error} />
      <Field as="textarea" name="note" label={t('verificationNote', { name })} errors={errors} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      <div class="actions">
        <button type="button" class="primary" disabled={busy} onClick={() => void decide('verified')}>
          {t('verify')}
        </button>
        <button type="button" class="danger" disabled={busy} onClick={() => void decide('rejected')}>
          {t('reject')}
        </button>
      </div>
    </section>
  );
}
