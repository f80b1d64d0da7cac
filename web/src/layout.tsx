/** The frame of every screen: a skip link, the header with navigation, inbox badge, language switch and sign-out. */
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { signal } from '@preact/signals';
import { useLocation } from 'preact-iso';
import { api, type Page } from './api.ts';
import { lang, setLang, t } from './i18n.ts';
import { roles, session, signOut } from './session.ts';

/** Unread notifications (up to 100; "99+" beyond). Refreshed every 30 s and after reading. */
export const unread = signal<{ count: number; more: boolean }>({ count: 0, more: false });

export async function refreshUnread() {
  if (!session.value) return;
  const page = await api<Page<unknown>>('GET', '/v1/notifications', { query: { unread: 'true', limit: 100 } }).catch(() => undefined);
  if (page) unread.value = { count: page.items.length, more: !!page.nextCursor };
}

export function Layout({ children }: { children: ComponentChildren }) {
  const { path } = useLocation();
  const signedIn = !!session.value;
  useEffect(() => {
    if (!signedIn) return;
    void refreshUnread();
    const timer = setInterval(() => void refreshUnread(), 30_000);
    return () => clearInterval(timer);
  }, [signedIn, session.value?.sub]);
  const r = roles.value;
  const links: [string, string, boolean][] = [
    ['/sellers', t('mySellers'), r.has('cooperative')],
    ['/buyers', t('myBuyers'), r.has('retailer')],
    ['/fairs', t('myFairs'), r.has('organiser') || r.has('cooperative')],
    ['/stats', t('stats'), r.has('admin') || r.has('organiser')],
    ['/certifications', t('certQueueNav'), r.has('admin')],
    ['/alerts', t('alertsNav'), true],
  ];
  const count = unread.value;
  return (
    <>
      <a class="skip" href="#main">
        {t('skip')}
      </a>
      <header class="top">
        <a class="brand" href="/">
          {t('appName')}
        </a>
        <div class="top-actions">
          <button type="button" class="link" lang={lang.value === 'vi' ? 'en' : 'vi'} title={t('langSwitchLabel')} onClick={() => setLang(lang.value === 'vi' ? 'en' : 'vi')}>
            {t('langSwitch')}
          </button>
          {signedIn && (
            <button type="button" class="link" onClick={() => void signOut()}>
              {t('signOut')}
            </button>
          )}
        </div>
        {signedIn && (
          <nav aria-label={t('nav')} class="nav">
            <a href="/inbox" aria-current={path === '/inbox' ? 'page' : undefined}>
              {t('inbox')}
              {count.count > 0 && (
                <span class="badge" aria-label={t('unreadCount', { n: count.more ? '99+' : count.count })}>
                  {count.more ? '99+' : count.count}
                </span>
              )}
            </a>
            {links
              .filter(([, , show]) => show)
              .map(([href, label]) => (
                <a key={href} href={href} aria-current={path.startsWith(href) ? 'page' : undefined}>
                  {label}
                </a>
              ))}
          </nav>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
