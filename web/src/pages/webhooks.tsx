/**
 * A seller's or buyer's webhook endpoints: register a URL with event types, see the signing
 * secret once (after create or rotate) with a copy button, the deliveries by status with a
 * retry for the failed ones, and delete.
 */
import { useState } from 'preact/hooks';
import { WebhookCreate } from '#domain/webhook-input.ts';
import { EVENT_NAMES } from '#events/index.ts';
import { api, type Page } from '../api.ts';
import { Field, FormError, Status, useLoad, usePaged, ListState } from '../components.tsx';
import { compact, useSubmit } from '../forms.ts';
import { lang, t, tk } from '../i18n.ts';

type Kind = 'seller' | 'buyer';

interface Webhook {
  id: string;
  url: string;
  eventTypes: string[];
  description?: string;
  status: string;
  disabledReason?: string;
  version: number;
  secret?: string;
}

interface Delivery {
  id: string;
  eventName: string;
  status: string;
  attemptCount: number;
  attempts: { at: string; statusCode?: number; error?: string; durationMs: number }[];
  nextAttemptAt?: string;
  lastError?: string;
  createdAt: string;
}

const DELIVERY_STATUSES = ['', 'pending', 'delivered', 'failed', 'dead'] as const;
const RETRYABLE = new Set(['pending', 'failed', 'dead']);
const dateTime = (iso: string) => new Date(iso).toLocaleString(lang.value === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: 'Asia/Ho_Chi_Minh', dateStyle: 'short', timeStyle: 'short' });

export const SellerWebhooks = ({ id }: { id: string }) => <Webhooks kind="seller" id={id} />;
export const BuyerWebhooks = ({ id }: { id: string }) => <Webhooks kind="buyer" id={id} />;

/** The secret, shown once, with a copy button. */
function SecretOnce({ secret, onDone }: { secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div class="card secret" role="status">
      <p>
        <strong>{t('webhookSecretOnce')}</strong>
      </p>
      <code class="secret-value">{secret}</code>
      <div class="actions">
        <button type="button" class="primary" onClick={() => navigator.clipboard?.writeText(secret).then(() => setCopied(true))}>
          {copied ? t('copied') : t('copySecret')}
        </button>
        <button type="button" onClick={onDone}>
          {t('secretSaved')}
        </button>
      </div>
    </div>
  );
}

function Webhooks({ kind, id }: { kind: Kind; id: string }) {
  const base = `/v1/${kind}s/${id}`;
  const profile = useLoad(() => api<{ name: string }>('GET', base), [base]);
  const { page, error, pager, reload } = usePaged<Webhook>((cursor) => api<Page<Webhook>>('GET', `${base}/webhooks`, { query: { cursor } }), [base]);
  const [secret, setSecret] = useState<string>();
  return (
    <section>
      <h1>
        {t('webhooks')}
        {profile.data ? `: ${profile.data.name}` : ''}
      </h1>
      <p>
        <a href={`/${kind}s/${id}`}>{profile.data?.name ?? t('back')}</a>
      </p>
      <p class="muted">{t('webhooksIntro')}</p>
      {secret && <SecretOnce secret={secret} onDone={() => setSecret(undefined)} />}
      <NewWebhook
        base={base}
        onCreated={(w) => {
          setSecret(w.secret);
          reload();
        }}
      />
      <h2>{t('webhookEndpoints')}</h2>
      <ListState page={page} error={error} />
      <ul class="plain list">
        {page?.items.map((w) => (
          <li key={w.id}>
            <WebhookCard webhook={w} onSecret={setSecret} onChanged={reload} />
          </li>
        ))}
      </ul>
      {pager}
    </section>
  );
}

function NewWebhook({ base, onCreated }: { base: string; onCreated: (w: Webhook) => void }) {
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<string[]>(['*']);
  const { errors, error, busy, idem, submit } = useSubmit();
  const eventsError = errors.eventTypes ?? Object.entries(errors).find(([k]) => k.startsWith('eventTypes['))?.[1];
  async function send(e: Event) {
    e.preventDefault();
    const body = compact({ url, description, eventTypes: events });
    await submit(WebhookCreate, body, async () => {
      onCreated(await api<Webhook>('POST', `${base}/webhooks`, { body, idempotencyKey: idem }));
      setUrl('');
      setDescription('');
    });
  }
  const toggle = (name: string, on: boolean) => {
    if (name === '*') return setEvents(on ? ['*'] : []);
    setEvents(on ? [...events.filter((x) => x !== '*'), name] : events.filter((x) => x !== name));
  };
  return (
    <form onSubmit={send} noValidate class="card" aria-labelledby="new-webhook-h">
      <h2 id="new-webhook-h">{t('newWebhook')}</h2>
      <FormError error={error} />
      <Field name="url" label={t('webhookUrl')} hint={t('webhookUrlHint')} errors={errors} value={url} type="url" inputMode="url" autoComplete="off" onInput={(e) => setUrl(e.currentTarget.value)} />
      <Field name="description" label={t('description')} errors={errors} value={description} onInput={(e) => setDescription(e.currentTarget.value)} />
      <fieldset class={eventsError ? 'has-error' : ''} aria-describedby={eventsError ? 'event-types-err' : undefined}>
        <legend>{t('eventTypes')}</legend>
        {['*', ...EVENT_NAMES].map((name) => (
          <label class="check" key={name}>
            <input type="checkbox" checked={events.includes(name)} onChange={(e) => toggle(name, e.currentTarget.checked)} /> {name === '*' ? t('allEvents') : name}
          </label>
        ))}
        {eventsError && (
          <p class="error" id="event-types-err">
            {eventsError}
          </p>
        )}
      </fieldset>
      <button type="submit" class="primary" disabled={busy}>
        {busy ? t('saving') : t('create')}
      </button>
    </form>
  );
}

function WebhookCard({ webhook: w, onSecret, onChanged }: { webhook: Webhook; onSecret: (s: string | undefined) => void; onChanged: () => void }) {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState(false);
  async function act(fn: () => Promise<void>) {
    setBusy(true);
    setError(undefined);
    try {
      await fn();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  const rotate = () =>
    act(async () => {
      onSecret((await api<Webhook>('POST', `/v1/webhooks/${w.id}/rotate-secret`, { version: w.version })).secret);
      onChanged();
    });
  const remove = () =>
    act(async () => {
      if (!confirm(t('confirmDeleteWebhook'))) return;
      await api('DELETE', `/v1/webhooks/${w.id}`, { version: w.version });
      onChanged();
    });
  return (
    <article class="card" aria-labelledby={`wh-${w.id}`}>
      <h3 id={`wh-${w.id}`} class="wrap">
        {w.url} <Status value={w.status} />
      </h3>
      {w.description && <p>{w.description}</p>}
      <p class="muted">
        {t('eventTypes')}: {w.eventTypes.map((e) => (e === '*' ? t('allEvents') : e)).join(', ')}
        {w.disabledReason && ` · ${tk('disabled', w.disabledReason)}`}
      </p>
      <FormError error={error} />
      <div class="actions">
        <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
          {t('deliveries')}
        </button>
        <button type="button" disabled={busy} onClick={() => void rotate()}>
          {t('rotateSecret')}
        </button>
        <button type="button" class="danger" disabled={busy} onClick={() => void remove()}>
          {t('remove')}
        </button>
      </div>
      {open && <Deliveries webhookId={w.id} />}
    </article>
  );
}

function Deliveries({ webhookId }: { webhookId: string }) {
  const [status, setStatus] = useState('');
  const { page, error, pager, reload } = usePaged<Delivery>((cursor) => api<Page<Delivery>>('GET', `/v1/webhooks/${webhookId}/deliveries`, { query: { status, cursor } }), [webhookId, status]);
  const [retried, setRetried] = useState<Record<string, unknown>>({});
  async function retry(d: Delivery) {
    try {
      await api('POST', `/v1/webhooks/${webhookId}/deliveries/${d.id}/retry`);
      setRetried({ ...retried, [d.id]: true });
      reload();
    } catch (e) {
      setRetried({ ...retried, [d.id]: e });
    }
  }
  return (
    <section aria-label={t('deliveries')}>
      <label class="inline-select">
        {t('status')}{' '}
        <select value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
          {DELIVERY_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s ? tk('status', s) : t('allStatuses')}
            </option>
          ))}
        </select>
      </label>
      <ListState page={page} error={error} />
      <ul class="plain list">
        {page?.items.map((d) => {
          const last = d.attempts.at(-1);
          return (
            <li key={d.id} class="delivery">
              <p>
                <strong>{d.eventName}</strong> <Status value={d.status} />
              </p>
              <p class="muted">
                {dateTime(d.createdAt)} · {t('attempts', { n: d.attemptCount })}
                {last && ` · ${last.statusCode ?? last.error ?? ''}`}
                {d.nextAttemptAt && ` · ${t('nextAttempt', { at: dateTime(d.nextAttemptAt) })}`}
                {d.lastError && ` · ${d.lastError}`}
              </p>
              {retried[d.id] === true && <p role="status">{t('retryQueued')}</p>}
              {retried[d.id] !== undefined && retried[d.id] !== true && <FormError error={retried[d.id]} />}
              {RETRYABLE.has(d.status) && retried[d.id] !== true && (
                <button type="button" onClick={() => void retry(d)}>
                  {t('retryDelivery')}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {pager}
    </section>
  );
}
