/**
 * Which profiles and fairs are "mine". The API has no "my records" query yet (GET /v1/me and
 * `?mine=true` come in a later issue), so until then the portal remembers, per user and on this
 * device, the ids of what the user created or opened. Every record shown is still read from
 * the API; swap `myIds` for the API query when it lands and nothing else changes.
 */
import { session } from './session.ts';

export type Kind = 'sellers' | 'buyers' | 'fairs';

const key = (kind: Kind) => `ketnoi.mine.${session.value?.sub ?? 'anon'}.${kind}`;

export function myIds(kind: Kind): string[] {
  try {
    return JSON.parse(localStorage.getItem(key(kind)) ?? '[]') as string[];
  } catch {
    return [];
  }
}

export function remember(kind: Kind, id: string) {
  const ids = myIds(kind).filter((x) => x !== id);
  localStorage.setItem(key(kind), JSON.stringify([id, ...ids].slice(0, 50)));
}

export function forget(kind: Kind, id: string) {
  localStorage.setItem(key(kind), JSON.stringify(myIds(kind).filter((x) => x !== id)));
}
