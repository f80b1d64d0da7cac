/**
 * Signed unsubscribe tokens: an e-mail's link works without signing in, and only for the
 * person, channel and type it was made for. HMAC-SHA256 with a key derived (HKDF) from the
 * service's cursor key, so there is no extra secret to manage.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import * as z from 'zod/mini';

const Payload = z.object({ sub: z.string(), channel: z.enum(['email', 'sms']), type: z.string() });
export type UnsubscribePayload = z.infer<typeof Payload>;

export const unsubscribeKey = (cursorKeyBase64: string) => Buffer.from(hkdfSync('sha256', Buffer.from(cursorKeyBase64, 'base64'), Buffer.alloc(0), 'ketnoi-unsubscribe-v1', 32));

export function signUnsubscribe(key: Buffer, p: UnsubscribePayload): string {
  const body = Buffer.from(JSON.stringify(p)).toString('base64url');
  return `${body}.${createHmac('sha256', key).update(body).digest('base64url')}`;
}

/** The payload, or undefined when the token was not made with this key or was changed. */
export function verifyUnsubscribe(key: Buffer, token: string): UnsubscribePayload | undefined {
  const [body, sig] = token.split('.');
  if (!body || !sig) return undefined;
  // Compared as text, not decoded: a decoder ignores the last character's spare bits, so an
  // altered link could otherwise still pass.
  const expected = Buffer.from(createHmac('sha256', key).update(body).digest('base64url'));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const parsed = Payload.safeParse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
