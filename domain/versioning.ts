/** Optimistic concurrency: every change names the version it was based on. */
import { PreconditionFailedError, PreconditionRequiredError, ValidationError, fieldIssue } from '#domain/errors.ts';
import type { OwnedKind } from '#domain/access.ts';

export interface Versioned {
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * Returns the next state of `current` with `changes` applied, after checking the caller's
 * `expectedVersion`. The store's conditional write catches the race this check cannot see.
 */
export function nextVersion<T extends Versioned>(
  current: T,
  changes: Partial<T>,
  expectedVersion: number | undefined,
  resource: OwnedKind,
  now: Date,
): T {
  assertVersion(current, expectedVersion, resource);
  if (Object.keys(changes).length === 0) {
    throw new ValidationError([fieldIssue('', 'empty-patch')]);
  }
  return { ...current, ...changes, version: current.version + 1, updatedAt: now.toISOString() };
}

/** Throws 428 if the caller sent no version, 412 if it sent another than the current one. */
export function assertVersion(current: Pick<Versioned, 'version'>, expectedVersion: number | undefined, resource: OwnedKind): void {
  if (expectedVersion === undefined) throw new PreconditionRequiredError('version-required');
  if (expectedVersion !== current.version) throw new PreconditionFailedError('version-mismatch', { resource, sent: expectedVersion });
}

/** Fields set by the server on every new entity. */
export function newEntityMeta(id: string, now: Date) {
  const ts = now.toISOString();
  return { id, version: 1, createdAt: ts, updatedAt: ts };
}

/** Today's date in Vietnam (UTC+7), as YYYY-MM-DD: windows and deadlines are local dates. */
export function todayInVietnam(now: Date): string {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}
