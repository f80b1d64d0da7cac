/**
 * Tells in-process listeners that an alert delivery was queued, whichever function queued it:
 * the local runtime's worker sends it then. In AWS none listens; the one-minute schedule runs
 * the worker (as `LocalScheduler` is the webhooks' local counterpart of SQS).
 */
import type { AlertDeliveryRepository } from '#domain/ports.ts';

const listeners = new Set<() => void>();

/** Calls `listener` after each delivery queued in this process; returns the unsubscribe. */
export function onAlertQueued(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The repository, announcing each delivery it creates. */
export function announcingQueued(repo: AlertDeliveryRepository): AlertDeliveryRepository {
  return {
    ...repo,
    async create(delivery) {
      const created = await repo.create(delivery);
      if (created) for (const listener of listeners) listener();
      return created;
    },
  };
}
