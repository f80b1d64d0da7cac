/**
 * The daily expiry run: listings whose availability ended and demands whose need ended become
 * `expired`. Their proposed matches then expire through the stream (see engine.ts), and the
 * matching index drops them.
 */
import type { Deps, Page, PageRequest } from '#domain/ports.ts';
import { PreconditionFailedError } from '#domain/errors.ts';
import { todayInVietnam } from '#domain/versioning.ts';

async function eachPage<T>(fetch: (page: PageRequest) => Promise<Page<T>>, visit: (item: T) => Promise<void>) {
  let cursor: string | undefined;
  do {
    const page = await fetch({ limit: 100, cursor });
    await Promise.all(page.items.map(visit));
    cursor = page.nextCursor;
  } while (cursor);
}

/** Expires what has passed; a concurrent edit (412) is left for the next run. */
export async function expirePast(deps: Deps): Promise<{ listings: number; demands: number; matches: number }> {
  const now = deps.clock.now();
  const today = todayInVietnam(now);
  const stamp = now.toISOString();
  const counts = { listings: 0, demands: 0, matches: 0 };
  const tolerate412 = (p: Promise<void>) => p.catch((e) => (e instanceof PreconditionFailedError ? undefined : Promise.reject(e)));
  await eachPage(
    (page) => deps.listings.search({ status: 'active' }, page),
    async (l) => {
      if (l.availableTo >= today) return;
      await tolerate412(deps.listings.update({ ...l, status: 'expired', version: l.version + 1, updatedAt: stamp }));
      counts.listings++;
    },
  );
  await eachPage(
    (page) => deps.demands.search({ status: 'open' }, page),
    async (d) => {
      if (d.neededTo >= today) return;
      await tolerate412(deps.demands.update({ ...d, status: 'expired', version: d.version + 1, updatedAt: stamp }));
      counts.demands++;
    },
  );
  return counts;
}
