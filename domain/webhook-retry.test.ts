/**
 * Asking for a delivery to be re-sent while the worker is busy with it. The port below plays the
 * stored delivery and a worker that moves it between our read and our write.
 */
import { describe, expect, it } from 'vitest';
import { retryDelivery } from '#domain/webhooks.ts';
import type { Delivery } from '#domain/webhook-delivery.ts';

const owner = { sub: 'coop-1', roles: ['cooperative' as const] };
const at = '2027-05-01T00:00:00.000Z';

function world(initial: Delivery, afterFirstRead: (d: Delivery) => Delivery) {
  let stored = initial;
  let reads = 0;
  const woken: Delivery[] = [];
  const deps = {
    clock: { now: () => new Date(at) },
    webhooks: { get: async () => ({ id: 'W1', ownerId: owner.sub }) },
    deliveries: {
      get: async () => {
        const seen = stored;
        // The worker makes its attempt right after our first read.
        if (reads++ === 0) stored = afterFirstRead(stored);
        return seen;
      },
      replaceIf: async (next: Delivery, expected: Delivery) => {
        const same = expected.attemptCount === stored.attemptCount && expected.status === stored.status && expected.claim === stored.claim;
        if (same) stored = next;
        return same;
      },
    },
    scheduler: { wake: async (d: Delivery) => void woken.push(d) },
  };
  return { deps: deps as never, woken, stored: () => stored };
}

const failed: Delivery = { id: 'D1', webhookId: 'W1', eventId: 'E1', eventName: 'MatchProposed', status: 'failed', attemptCount: 1, attempts: [], createdAt: at, updatedAt: at, payload: '{}' };

describe('re-sending a delivery', () => {
  it('queues it when the worker failed another attempt between our read and our write, instead of answering 409', async () => {
    const w = world(failed, (d) => ({ ...d, status: 'pending', attemptCount: 2, nextAttemptAt: '2027-05-01T01:00:00.000Z' }));
    const view = await retryDelivery(w.deps, owner, 'W1', 'D1');
    expect(view.status).toBe('pending');
    expect(view.nextAttemptAt).toBe(at);
    expect(w.stored().attemptCount).toBe(2);
    expect(w.woken).toHaveLength(1);
  });

  it('answers 409 when the worker delivered it meanwhile', async () => {
    const w = world(failed, (d) => ({ ...d, status: 'delivered', attemptCount: 2 }));
    await expect(retryDelivery(w.deps, owner, 'W1', 'D1')).rejects.toMatchObject({ code: 'invalid-state' });
    expect(w.woken).toHaveLength(0);
  });
});
