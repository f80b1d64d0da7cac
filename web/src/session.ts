/**
 * Who is signed in. The token lives in memory; in local mode it is also kept in
 * sessionStorage (this tab only) so a reload does not sign the developer out. In AWS the
 * Cognito module keeps tokens in memory only and renews them silently.
 */
import { computed, signal } from '@preact/signals';

export type Role = 'cooperative' | 'retailer' | 'organiser' | 'admin';
export const ROLES: Role[] = ['cooperative', 'retailer', 'organiser', 'admin'];

export interface Session {
  token: string;
  sub: string;
  roles: Role[];
}

export interface PortalConfig {
  mode: 'local' | 'cognito';
  /** Cognito: the user pool's issuer URL, the app client id and the managed login domain. */
  authority?: string;
  clientId?: string;
  /** Where the API lives when not on this origin (AWS: the HTTP API's URL). */
  apiUrl?: string;
}

const KEY = 'ketnoi.session';
export const config = signal<PortalConfig | undefined>(undefined);
export const session = signal<Session | undefined>(undefined);
export const roles = computed(() => new Set(session.value?.roles ?? []));

/** Reads the claims of a JWT (no verification: the API verifies). */
export function sessionFromToken(token: string): Session {
  const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as { sub: string; 'cognito:groups'?: string[] };
  return { token, sub: payload.sub, roles: (payload['cognito:groups'] ?? []).filter((r): r is Role => (ROLES as string[]).includes(r)) };
}

export function setSession(next: Session | undefined) {
  session.value = next;
  if (config.value?.mode !== 'local') return;
  if (next) sessionStorage.setItem(KEY, next.token);
  else sessionStorage.removeItem(KEY);
}

/** Loads /portal-config.json and restores a local session; in Cognito mode completes a sign-in redirect. */
export async function initSession(): Promise<void> {
  const res = await fetch('/portal-config.json').catch(() => undefined);
  config.value = res?.ok ? ((await res.json()) as PortalConfig) : { mode: 'local' };
  if (config.value.mode === 'local') {
    const token = sessionStorage.getItem(KEY);
    if (token) {
      const s = sessionFromToken(token);
      const exp = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))).exp as number;
      if (exp * 1000 > Date.now()) session.value = s;
    }
    return;
  }
  const { startCognito } = await import('./cognito.ts');
  await startCognito(config.value);
}

export async function signOut() {
  if (config.value?.mode === 'cognito') {
    const { cognitoSignOut } = await import('./cognito.ts');
    await cognitoSignOut();
  }
  setSession(undefined);
}
