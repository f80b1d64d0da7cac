/**
 * The cursor key of the background functions that page only for themselves (stream, event
 * consumer, webhook worker, expiry): a random key per instance. Their cursors page through a
 * query within one invocation (a fair's bookings, a seller's listings) and never reach a client,
 * so they need no shared key: no Secrets Manager read at cold start, no grant on the secret, and
 * no Secrets Manager client in their bundles. The alert worker is not one of them: its
 * unsubscribe links are signed with a key derived from the shared cursor key.
 */
import { randomBytes } from 'node:crypto';

/** Sets CURSOR_KEY to a key of this instance's own, unless one is set (the local runtime's). */
export function useInstanceCursorKey(env: NodeJS.ProcessEnv = process.env): void {
  env.CURSOR_KEY ??= randomBytes(32).toString('base64');
}
