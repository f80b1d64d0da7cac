/**
 * Alerts end to end on the local runtime: a proposed match goes out as one e-mail (read back
 * from the SES v2 emulator) and one SMS (the local recorder), in each person's language, with a
 * link to the portal; digests and quiet hours hold under a controlled clock; an SES outage
 * delays an e-mail without losing or doubling it; the unsubscribe link works without signing in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import type { Role } from '#domain/access.ts';
import { matchId } from '#domain/matching/rules.ts';
import { MatchConfirmed } from '#events/match-confirmed.ts';
import { MatchProposed } from '#events/match-proposed.ts';
import type { Envelope } from '#events/envelope.ts';
import type { Deps } from '#functions/deps.ts';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { buyerBody, demandBody, listingBody, sellerBody } from '#test/support/fixtures.ts';

let app: TestApp;
let deps: Deps;

/** The controllable clock: real time shifted by `offset`, given to the runtime's functions. */
let offset = 0;
const clock = { now: () => new Date(Date.now() + offset) };
let realNow: () => Date;
/** Sets the clock to hh:mm today in Vietnam (UTC+7). */
function setVietnamTime(hh: number, mm = 0) {
  const vn = new Date(Date.now() + 7 * 3_600_000);
  offset = Date.UTC(vn.getUTCFullYear(), vn.getUTCMonth(), vn.getUTCDate(), hh - 7, mm) - Date.now();
}
const advance = (ms: number) => (offset += ms);

beforeAll(async () => {
  app = await startTestApp('alerts');
  deps = (await import('#functions/deps.ts')).deps();
  // Every function of the runtime shares this clock.
  realNow = deps.clock.now;
  deps.clock.now = clock.now;
});
afterAll(async () => {
  deps.clock.now = realNow;
  await app.stop();
});

interface Mail {
  emails: { destination: { to: string[] }; subject: string; body: { text?: string }; headers?: { name: string; value: string }[] }[];
  sms: { to: string; text: string }[];
}
/** What the local mail page shows. */
const mail = async (): Promise<Mail> => (await app.call('GET', '/local/mail.json')).body;
/** Confirmation codes, in both languages and in SMS spelling. */
const CODE_MESSAGE = /Mã xác nhận Kết Nối|Kết Nối confirmation code|Ma xac nhan Ket Noi|Ket Noi confirmation code/;
const codesTo = async (to: string) => [
  ...(await mail()).emails.filter((e) => e.destination.to.includes(to) && CODE_MESSAGE.test(e.subject)).map((e) => e.body.text ?? ''),
  ...(await mail()).sms.filter((s) => s.to === to && CODE_MESSAGE.test(s.text)).map((s) => s.text),
];
/** The alerts (not the confirmation codes) sent to an address. */
const emailsTo = async (to: string) => (await mail()).emails.filter((e) => e.destination.to.includes(to) && !CODE_MESSAGE.test(e.subject));
const smsTo = async (to: string) => (await mail()).sms.filter((s) => s.to === to && !CODE_MESSAGE.test(s.text));
const notCode = (d: { type: string }) => d.type !== 'address-check';
const lastCode = async (to: string) => {
  const texts = await codesTo(to);
  return /\b(\d{6})\b/.exec(texts.at(-1) ?? '')?.[1];
};
/** Runs the worker's passes until nothing more is due now. */
async function drain() {
  for (let i = 0; i < 5; i++) await app.runtime.alerts.worker!.kick();
}
async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

let counter = 0;
/** A person with a role and their alert settings, set through the API. */
async function person(role: Role, settings: Record<string, unknown>) {
  const sub = app.sub(`${role}-${++counter}`);
  const token = await app.token(role, sub);
  const res = await app.call('PATCH', '/v1/me/alert-preferences', { token, body: { ...settings, version: 0 } });
  expect(res.status, res.text).toBe(200);
  let prefs = res.body;
  // Each address is confirmed with the code it received, as a person does.
  for (const [channel, to] of [['email', prefs.email], ['sms', prefs.phone]] as const) {
    if (!to) continue;
    await drain();
    const code = await lastCode(to);
    expect(code, `a code sent to ${to}`).toBeDefined();
    const confirmed = await app.call('POST', '/v1/me/alert-preferences/confirm', { token, body: { channel, code } });
    expect(confirmed.status, confirmed.text).toBe(200);
    prefs = confirmed.body;
  }
  return { sub, token, prefs };
}
const phoneE164 = (n: number) => `+8491${String(n).padStart(7, '0')}`;
const localPhone = (n: number) => `091${String(n).padStart(7, '0')}`;

/** Publishes an event on the runtime's bus, as the stream relay does. */
const publish = (e: Envelope) => deps.bus.publish([e]);
const matchEvent = (def: typeof MatchProposed | typeof MatchConfirmed, subs: string[], over: Record<string, unknown> = {}): Envelope => ({
  id: ulid(),
  name: def.name,
  source: def.source,
  version: def.version,
  time: clock.now().toISOString(),
  subject: 'M-test',
  audience: { subs, sellerIds: [], buyerIds: [] },
  // Each event is about its own match unless told: one match state is announced once.
  data: { ...def.example, matchId: ulid(), ...over },
});

describe('a proposed match', () => {
  it('produces exactly one e-mail to the retailer and one SMS to the cooperative, each in their language with the portal link', async () => {
    setVietnamTime(10);
    const retailer = await person('retailer', { email: 'thumua@phoxanh.example.vn', lang: 'en' });
    expect(retailer.prefs.channels).toEqual({ email: expect.arrayContaining(['match-proposed']), sms: ['role-request-decided'] });
    const coop = await person('cooperative', { phone: localPhone(1), lang: 'vi' });
    expect(coop.prefs.channels.sms).toEqual(expect.arrayContaining(['match-proposed', 'match-confirmed', 'fair-suggested']));

    const seller = await app.call('POST', '/v1/sellers', { token: coop.token, body: sellerBody() });
    const listing = await app.call('POST', '/v1/listings', { token: coop.token, body: listingBody(seller.body.id) });
    const buyer = await app.call('POST', '/v1/buyers', { token: retailer.token, body: buyerBody() });
    const demand = await app.call('POST', '/v1/demands', { token: retailer.token, body: demandBody(buyer.body.id) });
    expect([seller.status, listing.status, buyer.status, demand.status]).toEqual([201, 201, 201, 201]);
    const id = matchId(listing.body.id, demand.body.id);

    const [email] = await until('the e-mail', async () => ((await emailsTo('thumua@phoxanh.example.vn')).length ? emailsTo('thumua@phoxanh.example.vn') : undefined));
    const [sms] = await until('the SMS', async () => ((await smsTo(phoneE164(1))).length ? smsTo(phoneE164(1)) : undefined));
    expect(email.subject).toBe(`Kết Nối: New match: Lychee — ${seller.body.name}`);
    expect(email.body.text).toContain(`http://localhost:5173/matches/${id}`);
    expect(sms.text).toMatch(/^KetNoi: Ket noi moi: Vai thieu - Sieu thi/);
    expect(sms.text).toContain(`http://localhost:5173/matches/${id}`);
    expect(sms.text.length).toBeLessThanOrEqual(160);
    expect(sms.text).toMatch(/^[\x20-\x7e]+$/);

    // The event delivered again (a relay retry) and more worker passes change nothing.
    const proposed = (deps.bus as unknown as { published: Envelope[] }).published.find((e) => e.name === 'MatchProposed' && (e.data as { matchId: string }).matchId === id)!;
    await publish(proposed);
    await app.runtime.stream.settle();
    advance(60_000);
    await drain();
    expect(await emailsTo('thumua@phoxanh.example.vn')).toHaveLength(1);
    expect(await smsTo(phoneE164(1))).toHaveLength(1);

    const deliveries = await app.call('GET', '/v1/me/alert-deliveries', { token: retailer.token });
    expect(deliveries.body.items).toEqual([
      expect.objectContaining({ channel: 'email', type: 'match-proposed', status: 'sent', attempts: 1 }),
      expect.objectContaining({ channel: 'email', type: 'address-check', status: 'sent', attempts: 1 }),
    ]);
  });

  it('e-mails an unsubscribe link that works without signing in', async () => {
    setVietnamTime(11);
    const retailer = await person('retailer', { email: 'huy@example.vn', lang: 'vi' });
    await publish(matchEvent(MatchProposed, [retailer.sub]));
    await drain();
    const [email] = await emailsTo('huy@example.vn');
    expect(email.subject).toContain('Kết nối mới');
    const link = /(http:\/\/\S+\/v1\/alerts\/unsubscribe\?token=\S+)/.exec(email.body.text ?? '')![1];
    expect(email.headers).toEqual(expect.arrayContaining([{ name: 'List-Unsubscribe', value: `<${link}>` }]));
    const url = new URL(link);
    expect((await app.call('GET', url.pathname + url.search)).status).toBe(200);
    const tampered = url.search.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await app.call('POST', url.pathname + tampered)).status).toBe(400);
    expect((await app.call('POST', url.pathname + url.search)).status).toBe(200);
    const prefs = await app.call('GET', '/v1/me/alert-preferences', { token: retailer.token });
    expect(prefs.body.channels.email).not.toContain('match-proposed');
    await publish(matchEvent(MatchProposed, [retailer.sub]));
    await drain();
    expect(await emailsTo('huy@example.vn')).toHaveLength(1);
  });
});

describe('quiet hours and the daily digest', () => {
  it('holds an SMS due at 22:00 Vietnam time until 07:00', async () => {
    const coop = await person('cooperative', { phone: localPhone(2), lang: 'vi' });
    setVietnamTime(22);
    await publish(matchEvent(MatchConfirmed, [coop.sub], { status: 'confirmed', confirmedKg: 5000 }));
    await drain();
    expect(await smsTo(phoneE164(2))).toHaveLength(0);
    advance(8 * 3_600_000 + 58 * 60_000); // 06:58 the next morning
    await drain();
    expect(await smsTo(phoneE164(2))).toHaveLength(0);
    advance(3 * 60_000); // 07:01
    await drain();
    const sms = await smsTo(phoneE164(2));
    expect(sms).toHaveLength(1);
    expect(sms[0].text).toContain('Da chot voi Sieu thi Sao Mai Mart');
  });

  it('sends one e-mail a day with every notice instead of one per notice', async () => {
    setVietnamTime(9);
    const retailer = await person('retailer', { email: 'digest@example.vn', lang: 'en', digest: true, channels: { email: ['match-proposed', 'match-confirmed'], sms: [] } });
    await publish(matchEvent(MatchProposed, [retailer.sub], { product: 'xoai' }));
    advance(3 * 3_600_000);
    await publish(matchEvent(MatchProposed, [retailer.sub], { product: 'nhan-long' }));
    await publish(matchEvent(MatchConfirmed, [retailer.sub], { status: 'confirmed', confirmedKg: 2000 }));
    await drain();
    expect(await emailsTo('digest@example.vn')).toHaveLength(0);
    setVietnamTime(7 + 24, 1); // 07:01 tomorrow
    await drain();
    const emails = await emailsTo('digest@example.vn');
    expect(emails).toHaveLength(1);
    expect(emails[0].subject).toBe('Kết Nối: 3 new alerts today');
    for (const title of ['New match: Mango', 'New match: Longan', 'Confirmed with Siêu thị Sao Mai Mart']) expect(emails[0].body.text).toContain(title);
  });
});

describe('a channel outage', () => {
  it('delays an e-mail through three failures and delivers it exactly once when SES is back', async () => {
    setVietnamTime(14);
    const retailer = await person('retailer', { email: 'outage@example.vn', lang: 'en' });
    await app.runtime.alerts.ses.stop();
    try {
      await publish(matchEvent(MatchProposed, [retailer.sub]));
      for (const wait of [0, 31_000, 121_000]) {
        advance(wait);
        await drain();
      }
      const during = await app.call('GET', '/v1/me/alert-deliveries', { token: retailer.token });
      expect(during.body.items.filter(notCode)).toEqual([expect.objectContaining({ status: 'pending', attempts: 3, lastError: expect.any(String) })]);
    } finally {
      await app.runtime.alerts.ses.start();
    }
    advance(601_000);
    await drain();
    advance(3_600_000);
    await drain();
    expect(await emailsTo('outage@example.vn')).toHaveLength(1);
    const after = await app.call('GET', '/v1/me/alert-deliveries', { token: retailer.token });
    expect(after.body.items.filter(notCode)).toEqual([expect.objectContaining({ status: 'sent', attempts: 4 })]);
  });
});

describe('confirming an address', () => {
  it('sends nothing but the code to a new address, refuses a wrong code with the tries left, and alerts once it is confirmed (vi)', async () => {
    setVietnamTime(10);
    const sub = app.sub('unconfirmed');
    const token = await app.token('retailer', sub);
    const set = await app.call('PATCH', '/v1/me/alert-preferences', { token, body: { email: 'moi@example.vn', version: 0 }, headers: { 'accept-language': 'vi' } });
    expect(set.status, set.text).toBe(200);
    expect(set.body.emailVerified).toBe(false);
    expect(JSON.stringify(set.body)).not.toMatch(/codeHash|checks/);
    await publish(matchEvent(MatchProposed, [sub]));
    await drain();
    expect(await emailsTo('moi@example.vn')).toHaveLength(0);
    const [codeMail] = await codesTo('moi@example.vn');
    expect(codeMail).toMatch(/Mã xác nhận địa chỉ nhận tin của bạn là \d{6}, dùng được trong 30 phút/);

    const code = (await lastCode('moi@example.vn'))!;
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const refused = await app.call('POST', '/v1/me/alert-preferences/confirm', { token, body: { channel: 'email', code: wrong }, headers: { 'accept-language': 'vi' } });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body.errors).toEqual([expect.objectContaining({ path: 'code', message: 'mã không đúng hoặc đã hết hạn (còn 4 lần thử)' })]);

    const confirmed = await app.call('POST', '/v1/me/alert-preferences/confirm', { token, body: { channel: 'email', code } });
    expect(confirmed.status, confirmed.text).toBe(200);
    expect(confirmed.body.emailVerified).toBe(true);
    await publish(matchEvent(MatchProposed, [sub]));
    await drain();
    expect(await emailsTo('moi@example.vn')).toHaveLength(1);
  });

  it('asks for a new confirmation when the address changes, and lets a new code be sent once a minute', async () => {
    setVietnamTime(10);
    const p = await person('cooperative', { phone: localPhone(7), lang: 'en' });
    expect(p.prefs.phoneVerified).toBe(true);
    const changed = await app.call('PATCH', '/v1/me/alert-preferences', { token: p.token, body: { phone: localPhone(8), version: p.prefs.version } });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body.phoneVerified).toBe(false);
    await drain();
    const tooSoon = await app.call('POST', '/v1/me/alert-preferences/send-code', { token: p.token, body: { channel: 'sms' } });
    expect(tooSoon.status).toBe(429);
    expect(Number(tooSoon.headers.get('retry-after'))).toBeGreaterThan(0);
    advance(61_000);
    const again = await app.call('POST', '/v1/me/alert-preferences/send-code', { token: p.token, body: { channel: 'sms' } });
    expect(again.status, again.text).toBe(202);
    await drain();
    const codes = await codesTo(phoneE164(8));
    expect(codes).toHaveLength(2);
    expect(codes[1]).toMatch(/^KetNoi: Ket Noi confirmation code\. Your code .* is \d{6}/);
    // The first code stopped working when the second was sent.
    const first = /\b(\d{6})\b/.exec(codes[0])![1];
    const second = /\b(\d{6})\b/.exec(codes[1])![1];
    if (first !== second) expect((await app.call('POST', '/v1/me/alert-preferences/confirm', { token: p.token, body: { channel: 'sms', code: first } })).status).toBe(400);
    const ok = await app.call('POST', '/v1/me/alert-preferences/confirm', { token: p.token, body: { channel: 'sms', code: second } });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.phoneVerified).toBe(true);
  });
});
