/**
 * A fair's bookings for its organiser (and admins, read-only): a page at a time with each
 * exhibitor's booth number (assigned or changed in place), approve/reject where the fair
 * needs approval; the whole list printed (print-only table) or downloaded as the API's CSV.
 */
import { useState } from 'preact/hooks';
import { BookingPatch } from '#domain/bookings.ts';
import { api, download, type Page } from '../api.ts';
import { Busy, Field, FormError, Status, usePaged } from '../components.tsx';
import { useSubmit } from '../forms.ts';
import { formatDate, parseVnNumber } from '../format.ts';
import { t } from '../i18n.ts';
import { provinceName } from '../reference.ts';

export interface Booking {
  id: string;
  sellerId: string;
  sellerName: string;
  sellerProvince?: string;
  note?: string;
  boothNumber?: number;
  status?: string;
  version?: number;
  createdAt: string;
}

const PAGE = 20;

/** Every booking of a fair (all pages), for printing. */
async function allBookings(fairId: string): Promise<Booking[]> {
  const out: Booking[] = [];
  let cursor: string | undefined;
  do {
    const page = await api<Page<Booking>>('GET', `/v1/fairs/${fairId}/bookings`, { query: { limit: 100, cursor } });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out.sort((a, b) => (a.boothNumber ?? Infinity) - (b.boothNumber ?? Infinity));
}

export function Bookings({ fairId, organiser, approvalRequired, onChanged }: { fairId: string; organiser: boolean; approvalRequired: boolean; onChanged: () => void }) {
  const { page, error, pager, reload } = usePaged<Booking>((cursor) => api<Page<Booking>>('GET', `/v1/fairs/${fairId}/bookings`, { query: { limit: PAGE, cursor } }), [fairId]);
  const [printable, setPrintable] = useState<Booking[]>();
  const [fileError, setFileError] = useState<unknown>();
  async function print() {
    setFileError(undefined);
    try {
      setPrintable(await allBookings(fairId));
      // Let the print-only table render first.
      setTimeout(() => window.print(), 50);
    } catch (e) {
      setFileError(e);
    }
  }
  async function csv() {
    setFileError(undefined);
    await download(`/v1/fairs/${fairId}/bookings`, `exhibitors-${fairId}.csv`, { accept: 'text/csv' }).catch(setFileError);
  }
  return (
    <section aria-labelledby="exhibitors-h">
      <h2 id="exhibitors-h">{t('exhibitors')}</h2>
      <div class="actions no-print">
        <button type="button" onClick={() => void print()}>
          {t('print')}
        </button>
        <button type="button" onClick={() => void csv()}>
          {t('downloadCsv')}
        </button>
      </div>
      <FormError error={fileError ?? error} />
      {!page && !error && <Busy />}
      {page?.items.length === 0 && <p>{t('none')}</p>}
      <ul class="plain list no-print">
        {page?.items.map((b) => (
          <li key={`${b.id}:${b.version}`}>
            <BookingCard
              fairId={fairId}
              booking={b}
              organiser={organiser}
              approvalRequired={approvalRequired}
              onChanged={() => {
                reload();
                onChanged();
              }}
            />
          </li>
        ))}
      </ul>
      <div class="no-print">{pager}</div>
      {printable && (
        <table class="print-only">
          <thead>
            <tr>
              <th scope="col">{t('boothNo')}</th>
              <th scope="col">{t('exhibitor')}</th>
              <th scope="col">{t('province')}</th>
              <th scope="col">{t('note')}</th>
              <th scope="col">{t('bookedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {printable
              .filter((b) => b.status !== 'rejected')
              .map((b) => (
                <tr key={b.id}>
                  <td>{b.boothNumber ?? '—'}</td>
                  <td>{b.sellerName}</td>
                  <td>{b.sellerProvince ? provinceName(b.sellerProvince) : ''}</td>
                  <td>{b.note ?? ''}</td>
                  <td>{formatDate(b.createdAt)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function BookingCard({ fairId, booking: b, organiser, approvalRequired, onChanged }: { fairId: string; booking: Booking; organiser: boolean; approvalRequired: boolean; onChanged: () => void }) {
  const [booth, setBooth] = useState(b.boothNumber === undefined ? '' : String(b.boothNumber));
  const [saved, setSaved] = useState(false);
  const { errors, error, busy, submit } = useSubmit();
  const [decisionError, setDecisionError] = useState<unknown>();
  const base = `/v1/fairs/${fairId}/bookings/${b.id}`;
  async function saveBooth(e: Event) {
    e.preventDefault();
    setSaved(false);
    const body = { boothNumber: parseVnNumber(booth) ?? booth };
    await submit(BookingPatch, body, async () => {
      await api('PATCH', base, { body, version: b.version ?? 1 });
      setSaved(true);
      onChanged();
    });
  }
  async function decide(what: 'approve' | 'reject') {
    setDecisionError(undefined);
    try {
      await api('POST', `${base}/${what}`, { version: b.version ?? 1 });
      onChanged();
    } catch (err) {
      setDecisionError(err);
    }
  }
  const h = `bk-${b.id}`;
  return (
    <article class="card" aria-labelledby={h}>
      <h3 id={h}>
        {b.sellerName} {b.status && <Status value={`booking_${b.status}`} />}
      </h3>
      <p class="muted">
        {b.sellerProvince ? `${provinceName(b.sellerProvince)} · ` : ''}
        {t('bookedAt')}: {formatDate(b.createdAt)}
        {b.note ? ` · ${b.note}` : ''}
      </p>
      {organiser && b.status !== 'rejected' ? (
        <form class="inline booth" onSubmit={saveBooth} noValidate>
          <Field name="boothNumber" label={t('boothNoOf', { name: b.sellerName })} errors={errors} value={booth} inputMode="numeric" onInput={(e) => setBooth(e.currentTarget.value)} />
          <button type="submit" disabled={busy}>
            {busy ? t('saving') : t('save')}
          </button>
          <FormError error={Object.keys(errors).length ? undefined : error} />
          {saved && <p role="status">{t('saved')}</p>}
        </form>
      ) : (
        <p>
          {t('boothNo')}: {b.boothNumber ?? '—'}
        </p>
      )}
      <FormError error={decisionError} />
      {organiser && approvalRequired && (
        <div class="actions">
          {b.status === 'pending' && (
            <button type="button" class="primary" onClick={() => void decide('approve')}>
              {t('approve')}
            </button>
          )}
          {b.status !== 'rejected' && (
            <button type="button" class="danger" onClick={() => void decide('reject')}>
              {t('reject')}
            </button>
          )}
        </div>
      )}
    </article>
  );
}
