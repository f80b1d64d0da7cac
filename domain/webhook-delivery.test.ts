import { describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import {
  RETRY_JITTER,
  WEBHOOK_MAX_ATTEMPTS,
  WEBHOOK_RETRY_SCHEDULE_MS,
  afterAttempt,
  deliveryIdFor,
  generateSecret,
  parseRetryAfter,
  retryDelayMs,
  sign,
  signingSecrets,
  subscriberView,
  webhookHeaders,
  type Delivery,
} from '#domain/webhook-delivery.ts';
import { EVENTS } from '#events/index.ts';
import type { Envelope } from '#events/envelope.ts';

const body = JSON.stringify({ type: 'MatchProposed', timestamp: '2026-06-01T00:00:00.000Z', data: { id: 'x', text: 'Vải thiều Lục Ngạn' } });
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('signatures (checked against the standardwebhooks reference receiver)', () => {
  it('generates whsec_ secrets of 32 random bytes', () => {
    const a = generateSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(a.slice(6), 'base64')).toHaveLength(32);
    expect(generateSecret()).not.toBe(a);
  });

  it('produces the signature the reference library produces and verifies', () => {
    const secret = generateSecret();
    const ts = nowSeconds();
    const ref = new Webhook(secret);
    expect(sign(secret, 'msg_1', ts, body)).toBe(ref.sign('msg_1', new Date(ts * 1000), body));
    const headers = webhookHeaders([secret], '01JABCDEFGHJKMNPQRSTVWXYZ0', ts, body);
    expect(headers['content-type']).toBe('application/json');
    expect(headers['user-agent']).toBe('KetNoi-Webhooks/1');
    expect(ref.verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('is rejected by the reference receiver for a tampered body, a wrong secret or a stale timestamp', () => {
    const secret = generateSecret();
    const ref = new Webhook(secret);
    const headers = webhookHeaders([secret], 'msg_2', nowSeconds(), body);
    expect(() => ref.verify(body.replace('Lục Ngạn', 'Lục Nam'), headers)).toThrow(/signature/i);
    expect(() => new Webhook(generateSecret()).verify(body, headers)).toThrow(/signature/i);
    const stale = webhookHeaders([secret], 'msg_2', nowSeconds() - 6 * 60, body);
    expect(() => ref.verify(body, stale)).toThrow(/too old/i);
    const changedId = { ...headers, 'webhook-id': 'msg_3' };
    expect(() => ref.verify(body, changedId)).toThrow(/signature/i);
  });

  it('sends one signature per valid secret, space-separated, each verifiable on its own', () => {
    const current = generateSecret();
    const previous = generateSecret();
    const now = new Date();
    // `sealed` holds what the SecretBox made of each secret; signingSecrets only picks the valid ones.
    const secrets = signingSecrets(
      [
        { sealed: current, createdAt: now.toISOString() },
        { sealed: previous, createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + 3600_000).toISOString() },
        { sealed: generateSecret(), createdAt: now.toISOString(), expiresAt: new Date(now.getTime() - 1).toISOString() },
      ],
      now,
    ).map((s) => s.sealed);
    expect(secrets).toEqual([current, previous]);
    const headers = webhookHeaders(secrets, 'msg_4', nowSeconds(), body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(headers['webhook-signature']).toMatch(/^v1,\S+ v1,\S+$/);
    expect(new Webhook(current).verify(body, headers)).toBeTruthy();
    expect(new Webhook(previous).verify(body, headers)).toBeTruthy();
  });
});

describe('retry schedule', () => {
  const total = WEBHOOK_RETRY_SCHEDULE_MS.reduce((a, b) => a + b, 0);

  it('makes 10 attempts, the first at once, over about three days', () => {
    expect(WEBHOOK_MAX_ATTEMPTS).toBe(10);
    expect(WEBHOOK_RETRY_SCHEDULE_MS[0]).toBe(0);
    expect(total / 86_400_000).toBeGreaterThan(2.5);
    expect(total / 86_400_000).toBeLessThan(3.2);
    // Exponential-ish: never shorter than the delay before.
    for (let i = 1; i < WEBHOOK_MAX_ATTEMPTS; i++) expect(WEBHOOK_RETRY_SCHEDULE_MS[i]).toBeGreaterThanOrEqual(WEBHOOK_RETRY_SCHEDULE_MS[i - 1]);
  });

  it('keeps jitter within ±10 % of each delay, and uses both sides of it', () => {
    for (let attempt = 1; attempt <= WEBHOOK_MAX_ATTEMPTS; attempt++) {
      const base = WEBHOOK_RETRY_SCHEDULE_MS[attempt - 1];
      expect(retryDelayMs(attempt, () => 0)).toBe(Math.round(base * (1 - RETRY_JITTER)));
      expect(retryDelayMs(attempt, () => 0.999999)).toBeLessThanOrEqual(Math.round(base * (1 + RETRY_JITTER)));
      const samples = Array.from({ length: 200 }, () => retryDelayMs(attempt));
      for (const s of samples) {
        expect(s).toBeGreaterThanOrEqual(Math.floor(base * 0.9));
        expect(s).toBeLessThanOrEqual(Math.ceil(base * 1.1));
      }
      if (base > 0) {
        expect(samples.some((s) => s < base)).toBe(true);
        expect(samples.some((s) => s > base)).toBe(true);
      }
    }
    const jittered = Array.from({ length: 1000 }, () => Array.from({ length: WEBHOOK_MAX_ATTEMPTS }, (_, i) => retryDelayMs(i + 1)).reduce((a, b) => a + b, 0));
    expect(Math.min(...jittered)).toBeGreaterThanOrEqual(total * 0.9);
    expect(Math.max(...jittered)).toBeLessThanOrEqual(total * 1.1);
  });

  const delivery = (attemptCount: number): Delivery => ({
    id: '01J0000000000000000000000A',
    webhookId: '01J0000000000000000000000B',
    eventId: 'e',
    eventName: 'MatchProposed',
    payload: body,
    status: 'pending',
    attemptCount,
    attempts: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  });
  const now = new Date('2026-01-01T00:00:00.000Z');
  const at = { at: now.toISOString(), durationMs: 3 };
  const ctx = { now, timeScale: 1, random: () => 0.5, manual: false, wasStatus: 'pending' as const };

  it('schedules the next attempt, scaled; 2xx delivers; 410 stops; the last failure is dead', () => {
    const r2 = afterAttempt(delivery(1), at, { statusCode: 500 }, ctx);
    expect(r2.outcome).toEqual({ kind: 'retry', nextAttemptAt: '2026-01-01T00:00:05.000Z' });
    const scaled = afterAttempt(delivery(4), at, { error: 'connection refused' }, { ...ctx, timeScale: 0.001 });
    expect(scaled.next.nextAttemptAt).toBe('2026-01-01T00:00:01.800Z'); // 30 min x 0.001
    expect(afterAttempt(delivery(3), at, { statusCode: 204 }, ctx).next.status).toBe('delivered');
    expect(afterAttempt(delivery(3), at, { statusCode: 302 }, ctx).outcome.kind).toBe('retry');
    expect(afterAttempt(delivery(3), at, { statusCode: 410 }, ctx)).toMatchObject({ outcome: { kind: 'gone' }, next: { status: 'failed' } });
    const last = afterAttempt(delivery(WEBHOOK_MAX_ATTEMPTS), at, { statusCode: 503 }, ctx);
    expect(last.outcome.kind).toBe('dead');
    expect(last.next.status).toBe('dead');
    expect(last.next.nextAttemptAt).toBeUndefined();
    expect(last.next.attempts).toHaveLength(1);
  });

  it('waits at least Retry-After after a 429', () => {
    const r = afterAttempt(delivery(1), at, { statusCode: 429, retryAfter: '120' }, ctx);
    expect(r.outcome).toEqual({ kind: 'retry', nextAttemptAt: '2026-01-01T00:02:00.000Z' });
    const shorter = afterAttempt(delivery(3), at, { statusCode: 429, retryAfter: '1' }, ctx); // schedule says 5 min
    expect(shorter.next.nextAttemptAt).toBe('2026-01-01T00:05:00.000Z');
  });

  it('keeps a failed manual re-send of a dead delivery dead', () => {
    const r = afterAttempt({ ...delivery(11), status: 'dead' }, at, { statusCode: 500 }, { ...ctx, manual: true, wasStatus: 'dead' });
    expect(r.outcome.kind).toBe('kept');
    expect(r.next.status).toBe('dead');
  });
});

describe('parseRetryAfter', () => {
  const now = new Date('2026-03-01T10:00:00.000Z');
  it('reads delay-seconds and HTTP dates, caps at 24 h, ignores garbage', () => {
    expect(parseRetryAfter('30', now)).toBe(30_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Sun, 01 Mar 2026 10:02:00 GMT', now)).toBe(120_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('999999999', now)).toBe(24 * 3600_000);
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter('1.5', now)).toBeUndefined();
  });
});

describe('deliveryIdFor', () => {
  it('is a ULID, the same for the same endpoint and event, different otherwise', () => {
    const event = { id: '01JX3Q6V2G8ZK1A2B3C4D5E6F7', time: '2026-05-01T00:00:00.000Z' };
    const a = deliveryIdFor('01JX3Q6V2G8ZK1A2B3C4D5E6W1', event);
    expect(a).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(a.slice(0, 10)).toBe(event.id.slice(0, 10));
    expect(deliveryIdFor('01JX3Q6V2G8ZK1A2B3C4D5E6W1', event)).toBe(a);
    expect(deliveryIdFor('01JX3Q6V2G8ZK1A2B3C4D5E6W2', event)).not.toBe(a);
    expect(deliveryIdFor('01JX3Q6V2G8ZK1A2B3C4D5E6W1', { ...event, id: '01JX3Q6V2G8ZK1A2B3C4D5E6F8' })).not.toBe(a);
    expect(deliveryIdFor('w', { id: 'not-a-ulid', time: '2026-05-01T00:00:00.000Z' })).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });
});

describe('subscriberView', () => {
  const audience = { subs: ['org-1', 'coop-a', 'coop-b', 'coop-c'], sellerIds: ['S-A', 'S-B', 'S-C'], buyerIds: ['B-1'] };
  it.each(Object.values(EVENTS).map((def) => [def.name, def] as const))('%s leaves no audience and only declared fields', (_name, def) => {
    const envelope: Envelope = {
      id: '01JX3Q6V2G8ZK1A2B3C4D5E6F7',
      name: def.name,
      source: def.source,
      version: def.version,
      time: '2027-06-01T00:00:00.000Z',
      subject: 'x',
      audience,
      data: { ...(def.example as Record<string, unknown>), internalNote: 'not in the schema' },
    };
    const view = subscriberView(envelope, { kind: 'seller', id: 'S-A' });
    expect(view).not.toHaveProperty('audience');
    expect(view.recipient).toEqual({ kind: 'seller', id: 'S-A' });
    expect(view.data).toEqual(def.example);
    const text = JSON.stringify(view);
    for (const other of ['org-1', 'coop-a', 'coop-b', 'coop-c', 'S-B', 'S-C', 'B-1', 'not in the schema']) expect(text).not.toContain(`"${other}"`);
  });
});
