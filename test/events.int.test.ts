/**
 * Events and the inbox, end to end on DynamoDB Local: the outbox commits with the change, the
 * stream relays it to the bus (surviving a relay crash), and the audience's inboxes fill.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { buyerBody, demandBody, fairBody, listingBody, sellerBody } from '#test/support/fixtures.ts';
import type { InProcessBus } from '#functions/bus/bus.ts';
import type { Envelope } from '#events/envelope.ts';
import { EVENTS } from '#events/index.ts';
import { matchExample } from '#events/snapshots.ts';
import { ulid } from 'ulid';
import { createServer, type IncomingMessage } from 'node:http';
import { Webhook } from 'standardwebhooks';

let app: TestApp;
let bus: InProcessBus;
beforeAll(async () => {
  app = await startTestApp('events');
  const { deps } = await import('#functions/deps.ts');
  bus = deps().bus as InProcessBus;
});
afterAll(async () => {
  await app.stop();
});

const publishedFor = (subject: string) => bus.published.filter((e) => e.subject === subject);

describe('outbox and relay', () => {
  it('publishes a ListingPublished event matching its schema once the change commits', async () => {
    const coop = await app.token('cooperative', app.sub('coop'));
    const seller = await app.call('POST', '/v1/sellers', { token: coop, body: sellerBody() });
    const listing = await app.call('POST', '/v1/listings', { token: coop, body: listingBody(seller.body.id) });
    await app.runtime.stream.settle();
    const [event] = publishedFor(listing.body.id);
    expect(event).toMatchObject({ name: 'ListingPublished', source: 'ketnoi.listings', version: 1 });
    expect(EVENTS.ListingPublished.data.safeParse(event.data).success).toBe(true);
    expect(event.audience.sellerIds).toEqual([seller.body.id]);
  });

  it('still delivers an event when the relay dies between commit and publish', async () => {
    const coop = await app.token('cooperative', app.sub('coop-crash'));
    const seller = await app.call('POST', '/v1/sellers', { token: coop, body: sellerBody() });
    let crashed = false;
    let restarting: Promise<void> | undefined;
    const unsubscribe = bus.subscribe(async (e: Envelope) => {
      if (e.name === 'ListingPublished' && !crashed) {
        crashed = true;
        restarting = app.runtime.restartStream(); // the relay process dies mid-publish…
        throw new Error('relay killed before publish');
      }
    });
    try {
      const listing = await app.call('POST', '/v1/listings', { token: coop, body: listingBody(seller.body.id) });
      expect(listing.status).toBe(201);
      const deadline = Date.now() + 20_000;
      while (!crashed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(crashed).toBe(true);
      await restarting; // …and a new one starts from the last checkpoint
      await app.runtime.stream.settle();
      const events = publishedFor(listing.body.id);
      expect(events.map((e) => e.name)).toEqual(['ListingPublished']);
    } finally {
      unsubscribe();
    }
  });
});

describe('inbox', () => {
  it('tells both parties about a proposed match, in their language, and lets them mark it read', async () => {
    const coop = await app.token('cooperative', app.sub('inbox-coop'));
    const retailer = await app.token('retailer', app.sub('inbox-retailer'));
    const seller = await app.call('POST', '/v1/sellers', { token: coop, body: sellerBody() });
    const buyer = await app.call('POST', '/v1/buyers', { token: retailer, body: buyerBody() });
    await app.call('POST', '/v1/listings', { token: coop, body: listingBody(seller.body.id, { product: 'hat-de', province: 'Cao Bằng' }) });
    await app.call('POST', '/v1/demands', { token: retailer, body: demandBody(buyer.body.id, { product: 'hat-de', maxDistanceKm: undefined, sourcingProvinces: ['Cao Bằng'] }) });
    await app.runtime.stream.settle();
    const vi = await app.call('GET', '/v1/notifications?unread=true', { token: retailer, headers: { 'accept-language': 'vi' } });
    expect(vi.status).toBe(200);
    const proposed = vi.body.items.find((n: { type: string }) => n.type === 'match-proposed');
    expect(proposed.title).toContain('Kết nối mới');
    expect(proposed.i18n.en.title).toContain('New match');
    const coopInbox = await app.call('GET', '/v1/notifications', { token: coop });
    expect(coopInbox.body.items.some((n: { type: string }) => n.type === 'match-proposed')).toBe(true);
    const read = await app.call('POST', `/v1/notifications/${proposed.id}/read`, { token: retailer });
    expect(read.body.read).toBe(true);
    const unread = await app.call('GET', '/v1/notifications?unread=true', { token: retailer });
    expect(unread.body.items.map((n: { id: string }) => n.id)).not.toContain(proposed.id);
    expect((await app.call('POST', `/v1/notifications/${proposed.id}/read`, { token: coop })).status).toBe(404);
  });

  it('confirms a booking to the cooperative and the organiser, and suggests a published fair to fitting sellers', async () => {
    const coop = await app.token('cooperative', app.sub('fair-coop'));
    const organiser = await app.token('organiser', app.sub('fair-org'));
    const seller = await app.call('POST', '/v1/sellers', { token: coop, body: sellerBody({ province: 'Hưng Yên' }) });
    await app.call('POST', '/v1/listings', { token: coop, body: listingBody(seller.body.id, { product: 'nhan-long', availableFrom: '2027-07-01', availableTo: '2027-08-31' }) });
    await app.runtime.stream.settle();
    const fair = await app.call('POST', '/v1/fairs', { token: organiser, body: fairBody({ products: ['nhan-long'], categories: [] }) });
    await app.call('POST', `/v1/fairs/${fair.body.id}/publish`, { token: organiser, headers: { 'if-match': '"1"' } });
    await app.runtime.stream.settle();
    const suggested = await app.call('GET', '/v1/notifications', { token: coop });
    expect(suggested.body.items.some((n: { type: string; link: string }) => n.type === 'fair-suggested' && n.link === `/v1/fairs/${fair.body.id}`)).toBe(true);
    await app.call('POST', `/v1/fairs/${fair.body.id}/bookings`, { token: coop, body: { sellerId: seller.body.id } });
    await app.runtime.stream.settle();
    for (const token of [coop, organiser]) {
      const inbox = await app.call('GET', '/v1/notifications', { token });
      expect(inbox.body.items.filter((n: { type: string }) => n.type === 'booth-booked')).toHaveLength(1);
    }
  });
});

describe('grouped proposals', () => {
  const proposal = (i: number, buyerSub: string, buyerId: string, sellerSub: string): Envelope => ({
    id: ulid(),
    name: 'MatchProposed',
    source: 'ketnoi.matching',
    version: 1,
    time: new Date().toISOString(),
    subject: `M${i}`,
    audience: { subs: [sellerSub, buyerSub], sellerIds: [`S${i}`], buyerIds: [buyerId] },
    data: matchExample({ matchId: `M${String(i).padStart(25, '0')}`, buyerId, sellerId: `S${i}`, proposedKg: 1000 + i }),
  });

  it('tells a buyer about 12 proposals in one batch with one notification naming 12, in vi and en, once even when the batch is relayed again', async () => {
    const buyerSub = app.sub('grouped-buyer');
    const sellerSubs = Array.from({ length: 12 }, (_, i) => app.sub(`grouped-seller-${i}`));
    const batch = sellerSubs.map((sellerSub, i) => proposal(i, buyerSub, 'B-grouped', sellerSub));
    await bus.publish(batch);
    await bus.publish(batch.slice(0, 5)); // a relay retry delivers part of the batch again

    const retailer = await app.token('retailer', buyerSub);
    const vi = await app.call('GET', '/v1/notifications', { token: retailer, headers: { 'accept-language': 'vi' } });
    const proposals = vi.body.items.filter((n: { type: string }) => n.type === 'match-proposed');
    expect(proposals).toHaveLength(1);
    expect(proposals[0].title).toBe('12 đề xuất mới');
    expect(proposals[0].i18n.en.title).toBe('12 new offers');
    expect(proposals[0].read).toBe(false);
    // Each seller has one proposal: its own, told as a single one.
    const seller = await app.token('cooperative', sellerSubs[3]);
    const own = (await app.call('GET', '/v1/notifications', { token: seller })).body.items;
    expect(own).toHaveLength(1);
    expect(own[0].i18n.en.title).toContain('New match');
  });

  it('starts a new group once the window has passed', async () => {
    const buyerSub = app.sub('grouped-later');
    const first = proposal(100, buyerSub, 'B-later', app.sub('later-seller-1'));
    const later = { ...proposal(101, buyerSub, 'B-later', app.sub('later-seller-2')), time: new Date(Date.now() + 10 * 60_000).toISOString() };
    await bus.publish([first]);
    await bus.publish([later]);
    const retailer = await app.token('retailer', buyerSub);
    const items = (await app.call('GET', '/v1/notifications', { token: retailer })).body.items.filter((n: { type: string }) => n.type === 'match-proposed');
    expect(items.map((n: { i18n: { en: { title: string } } }) => n.i18n.en.title)).toEqual([expect.stringContaining('New match'), expect.stringContaining('New match')]);
  });
});

describe('webhooks from real events', () => {
  it('delivers a signed MatchProposed to the buyer’s endpoint, verifiable with the standardwebhooks package', async () => {
    const received: { headers: IncomingMessage['headers']; body: string }[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    // The scheduler is told about each new delivery (in AWS it becomes a delayed SQS message); record what it is told.
    const { deps } = await import('#functions/deps.ts');
    const scheduler = deps().scheduler;
    const woken: { id: string; webhookId: string; nextAttemptAt?: string }[] = [];
    deps().scheduler = { wake: async (d) => (woken.push(d), scheduler.wake(d)) };
    try {
      const { port } = receiver.address() as { port: number };
      const coop = await app.token('cooperative', app.sub('hook-coop'));
      const retailer = await app.token('retailer', app.sub('hook-retailer'));
      const seller = await app.call('POST', '/v1/sellers', { token: coop, body: sellerBody() });
      const buyer = await app.call('POST', '/v1/buyers', { token: retailer, body: buyerBody() });
      const hook = await app.call('POST', `/v1/buyers/${buyer.body.id}/webhooks`, { token: retailer, body: { url: `http://127.0.0.1:${port}/ketnoi`, eventTypes: ['MatchProposed'] } });
      expect(hook.status, hook.text).toBe(201);
      expect(hook.body.secret).toMatch(/^whsec_/);
      await app.call('POST', '/v1/listings', { token: coop, body: listingBody(seller.body.id, { product: 'mac-ca', province: 'Đắk Lắk' }) });
      await app.call('POST', '/v1/demands', { token: retailer, body: demandBody(buyer.body.id, { product: 'mac-ca', maxDistanceKm: undefined, sourcingProvinces: ['Đắk Lắk'] }) });
      await app.runtime.stream.settle();
      const deadline = Date.now() + 20_000;
      while (received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(received).toHaveLength(1);
      const verified = new Webhook(hook.body.secret).verify(received[0].body, received[0].headers as Record<string, string>) as { type: string; data: Envelope };
      expect(verified.type).toBe('MatchProposed');
      expect(verified.data).not.toHaveProperty('audience');
      expect(verified.data).toMatchObject({ recipient: { kind: 'buyer', id: buyer.body.id }, data: { buyerId: buyer.body.id, sellerId: seller.body.id } });
      const first = woken.find((d) => d.id === received[0].headers['webhook-id']);
      expect(first).toMatchObject({ webhookId: hook.body.id });
      expect(Date.parse(first!.nextAttemptAt!)).toBeLessThanOrEqual(Date.now());
    } finally {
      deps().scheduler = scheduler;
      receiver.close();
    }
  });
});
