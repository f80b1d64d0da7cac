/** The inbox: newest first, unread marked, a page at a time; opening a notification marks it read. */
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api, type Page } from '../api.ts';
import { Busy, FormError, usePaged } from '../components.tsx';
import { formatDate } from '../format.ts';
import { lang, t } from '../i18n.ts';
import { refreshUnread } from '../layout.tsx';

interface Notification {
  id: string;
  type: string;
  title: string;
  body: string;
  link?: string;
  read: boolean;
  createdAt: string;
}

/** API links (`/v1/matches/…`) → portal screens. */
const portalLink = (link?: string) => link?.replace(/^\/v1\//, '/');

export function Inbox() {
  const { route } = useLocation();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const { page, error, pager, reload } = usePaged<Notification>(
    (cursor) => api<Page<Notification>>('GET', '/v1/notifications', { query: { unread: unreadOnly ? 'true' : undefined, cursor } }),
    [unreadOnly, lang.value],
  );
  async function open(n: Notification) {
    if (!n.read) await api('POST', `/v1/notifications/${n.id}/read`).catch(() => undefined);
    void refreshUnread();
    const to = portalLink(n.link);
    if (to) route(to);
    else reload();
  }
  return (
    <section>
      <h1>{t('inbox')}</h1>
      <label class="check">
        <input type="checkbox" checked={unreadOnly} onChange={(e) => setUnreadOnly(e.currentTarget.checked)} /> {t('unreadOnly')}
      </label>
      <FormError error={error} />
      {!page && !error && <Busy />}
      {page && page.items.length === 0 && <p>{t('inboxEmpty')}</p>}
      <ul class="plain list">
        {page?.items.map((n) => (
          <li key={n.id} class={n.read ? 'read' : 'unread'}>
            <button type="button" class="row" onClick={() => void open(n)}>
              {!n.read && <span class="dot" aria-label={t('unread')} />}
              <span>
                <strong>{n.title}</strong>
                <span class="muted">{n.body}</span>
                <small>{formatDate(n.createdAt)}</small>
              </span>
            </button>
          </li>
        ))}
      </ul>
      {pager}
    </section>
  );
}
