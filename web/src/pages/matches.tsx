/**
 * Proposals: the score as a bar per factor (weighted as the matcher weighs them), the reasons in
 * words, accept/decline with the version read, and after confirmation the other side's contact
 * (read from its public profile) with tap-to-call.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api.ts';
import { Bar, Busy, FormError, Icon, Status, useLoad } from '../components.tsx';
import { formatDate, formatKg, formatVnd } from '../format.ts';
import { formatPhone } from '#domain/schemas.ts';
import { lang, t, tk } from '../i18n.ts';
import { productName, provinceName } from '../reference.ts';

export interface Match {
  id: string;
  listingId: string;
  demandId: string;
  sellerId: string;
  buyerId: string;
  product: string;
  sellerProvince: string;
  deliveryProvince: string;
  distanceKm: number;
  priceVndPerKg?: number;
  window: { from: string; to: string; days: number };
  score: number;
  factors: Record<string, number>;
  reasons: { vi: string[]; en: string[] };
  proposedKg: number;
  confirmedKg?: number;
  status: string;
  sellerDecision: string;
  buyerDecision: string;
  version: number;
}

/** How long a match list keeps looking for new proposals, and its longest gap between looks. */
const RELOAD_FOR_MS = 60_000;
const RELOAD_MAX_GAP_MS = 3000;

const FACTORS = ['priceMargin', 'distance', 'productFit', 'windowOverlap', 'volumeFit', 'certifications'] as const;

/** The match list of a listing (`side` seller) or a demand (`side` buyer); refreshes while matching runs. */
export function MatchList({ path, side, onChange }: { path: string; side: 'seller' | 'buyer'; onChange?: () => void }) {
  const { data, error, reload } = useLoad(() => api<{ items: Match[] }>('GET', path), [path]);
  // Statuses and versions as read: when they change after the first read (a decision here, or
  // the other side's seen by the polling), the owner re-reads what the match changed.
  const seen = useRef<string>();
  useEffect(() => {
    if (!data) return;
    const now = data.items.map((m) => `${m.id}:${m.version}`).join();
    if (seen.current !== undefined && seen.current !== now) onChange?.();
    seen.current = now;
  }, [data]);
  useEffect(() => {
    // Matching runs asynchronously after a create, and usually within a second or two: look
    // again soon, then less often, for a minute.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const look = (after: number, elapsed: number) => {
      if (elapsed + after > RELOAD_FOR_MS) return;
      timer = setTimeout(() => {
        reload();
        look(Math.min(after + 1000, RELOAD_MAX_GAP_MS), elapsed + after);
      }, after);
    };
    look(1000, 0);
    return () => clearTimeout(timer);
  }, [path]);
  return (
    <section aria-labelledby="proposals-h">
      <h2 id="proposals-h">{t('proposals')}</h2>
      <FormError error={error} />
      {!data && !error && <Busy />}
      {data?.items.length === 0 && <p>{t('noProposals')}</p>}
      <ul class="plain list">
        {data?.items.map((m) => (
          <li key={m.id}>
            <MatchCard match={m} side={side} onDecided={onChange} />
          </li>
        ))}
      </ul>
    </section>
  );
}

export function MatchCard({ match, side, onDecided }: { match: Match; side: 'seller' | 'buyer'; onDecided?: () => void }) {
  const [m, setM] = useState(match);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  useEffect(() => setM(match), [match.id, match.version]);
  const mine = side === 'seller' ? m.sellerDecision : m.buyerDecision;
  const theirs = side === 'seller' ? m.buyerDecision : m.sellerDecision;
  async function decide(what: 'accept' | 'decline') {
    setBusy(true);
    setError(undefined);
    try {
      setM(await api<Match>('POST', `/v1/matches/${m.id}/${what}`, { version: m.version }));
      onDecided?.();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <article class="card match" aria-labelledby={`m-${m.id}`}>
      <h3 id={`m-${m.id}`}>
        <a href={`/matches/${m.id}`}>
          {productName(m.product)}: {provinceName(m.sellerProvince)} → {provinceName(m.deliveryProvince)}
        </a>{' '}
        <Status value={m.status} />
      </h3>
      <p class="muted">
        {t('proposedKg')}: {formatKg(m.confirmedKg ?? m.proposedKg)} · {formatVnd(m.priceVndPerKg)} · {formatDate(m.window.from)} – {formatDate(m.window.to)} · {t('km', { n: Math.round(m.distanceKm) })}
      </p>
      <Bar label={t('score')} value={m.score} />
      <details>
        <summary>{t('score')}</summary>
        {FACTORS.map((f) => (
          <Bar key={f} label={tk('factor', f)} value={m.factors[f] ?? 0} />
        ))}
      </details>
      <h4>{t('reasons')}</h4>
      <ul>
        {m.reasons[lang.value].map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
      <p>
        {t('you')}: {tk('decision', mine)} · {t('otherSide')}: {tk('decision', theirs)}
      </p>
      <FormError error={error} />
      {m.status === 'proposed' && mine === 'pending' && (
        <div class="actions">
          <button type="button" class="primary" disabled={busy} onClick={() => void decide('accept')}>
            {t('accept')}
          </button>
          <button type="button" disabled={busy} onClick={() => void decide('decline')}>
            {t('decline')}
          </button>
        </div>
      )}
      {m.status === 'confirmed' && <Contact kind={side === 'seller' ? 'buyers' : 'sellers'} id={side === 'seller' ? m.buyerId : m.sellerId} />}
    </article>
  );
}

/** The other side's contact, shown once a match is confirmed. */
function Contact({ kind, id }: { kind: 'buyers' | 'sellers'; id: string }) {
  const { data, error } = useLoad(() => api<{ name: string; contact: { name?: string; phone?: string; email?: string }; address?: string }>('GET', `/v1/${kind}/${id}`), [kind, id]);
  if (error) return <FormError error={error} />;
  if (!data) return <Busy />;
  return (
    <section class="contact" aria-label={kind === 'buyers' ? t('buyerContact') : t('sellerContact')}>
      <h4>{kind === 'buyers' ? t('buyerContact') : t('sellerContact')}</h4>
      <p>
        <strong>{data.name}</strong>
        {data.contact.name && <> · {data.contact.name}</>}
      </p>
      {data.contact.phone && (
        <a class="button primary" href={`tel:${data.contact.phone.replace(/[^\d+]/g, '')}`}>
          <Icon name="phone" /> {t('call', { phone: formatPhone(data.contact.phone, lang.value) })}
        </a>
      )}
      {data.contact.email && (
        <p>
          <a href={`mailto:${data.contact.email}`}>{data.contact.email}</a>
        </p>
      )}
    </section>
  );
}

export function MatchPage({ id }: { id: string }) {
  const { data, error } = useLoad(() => api<Match & { sellerOwnerId?: string }>('GET', `/v1/matches/${id}`), [id]);
  const [side, setSide] = useState<'seller' | 'buyer'>();
  useEffect(() => {
    // Which side am I? The listing's owner is the seller side.
    if (!data) return;
    import('../session.ts').then(({ session }) =>
      api<{ ownerId: string }>('GET', `/v1/listings/${data.listingId}`).then((l) => setSide(l.ownerId === session.value?.sub ? 'seller' : 'buyer'), () => setSide('buyer')),
    );
  }, [data?.id]);
  if (error) return <FormError error={error} />;
  if (!data || !side) return <Busy />;
  return (
    <section>
      <h1>{t('viewMatch')}</h1>
      <MatchCard match={data} side={side} />
    </section>
  );
}
