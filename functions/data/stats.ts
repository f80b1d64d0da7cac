/**
 * Statistics counters: `STATS#P#<province>` / `<date>#<product>` and the all-province copy
 * `STATS#ALL` / `<date>#<province>#<product>`, each with one number attribute per figure.
 * Updates are applied in a transaction with a marker item per stream event id, so a
 * re-delivered stream record changes nothing.
 */
import { STAT_FIELDS } from '#domain/stat-fields.ts';
import type { StatsRow } from '#domain/stats.ts';
import type { StatsRepository } from '#domain/ports.ts';
import type { Item, Store } from '#functions/data/store.ts';

const MARKER_TTL_S = 3 * 86_400;

/** Statistics keys, the one place they are spelled. */
export const statsKeys = {
  province: (province: string) => `STATS#P#${province}`,
  all: 'STATS#ALL',
  /** The counters of one product on one day in one province (`province`) or in all (`all`). */
  inProvince: (b: { date: string; province: string; product: string }) => ({ pk: statsKeys.province(b.province), sk: `${b.date}#${b.product}` }),
  inAll: (b: { date: string; province: string; product: string }) => ({ pk: statsKeys.all, sk: `${b.date}#${b.province}#${b.product}` }),
  /** Marks one stream event as applied. */
  eventMarker: (eventId: string) => ({ pk: `STATSEVENT#${eventId}`, sk: 'A' }),
};

export function statsRepository(store: Store): StatsRepository {
  return {
    async apply(eventId, deltas) {
      if (deltas.length === 0) return false;
      const buckets = new Map<string, { date: string; province: string; product: string; add: Map<string, number> }>();
      for (const d of deltas) {
        const key = `${d.date}|${d.province}|${d.product}`;
        const b = buckets.get(key) ?? { date: d.date, province: d.province, product: d.product, add: new Map() };
        b.add.set(d.field, (b.add.get(d.field) ?? 0) + d.amount);
        buckets.set(key, b);
      }
      const updates = [...buckets.values()].flatMap((b) => {
        const fields = [...b.add.entries()];
        const update = {
          UpdateExpression: `SET entity = :e, province = :p, product = :prod, #d = :date ADD ${fields.map((_, i) => `#f${i} :a${i}`).join(', ')}`,
          ExpressionAttributeNames: { '#d': 'date', ...Object.fromEntries(fields.map(([f], i) => [`#f${i}`, f])) },
          ExpressionAttributeValues: { ':e': 'stats', ':p': b.province, ':prod': b.product, ':date': b.date, ...Object.fromEntries(fields.map(([, a], i) => [`:a${i}`, a])) },
        };
        return [
          { Update: { TableName: store.tableName, Key: statsKeys.inProvince(b), ...update } },
          { Update: { TableName: store.tableName, Key: statsKeys.inAll(b), ...update } },
        ];
      });
      // The marker's condition fails when this event was applied before: then nothing changes.
      const failed = await store.transact([
        {
          Put: {
            TableName: store.tableName,
            Item: { ...statsKeys.eventMarker(eventId), entity: 'stats-marker', expiresAt: Math.floor(Date.now() / 1000) + MARKER_TTL_S },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        ...updates,
      ]);
      return failed === undefined;
    },

    async query(q) {
      const rows = new Map<string, StatsRow>();
      const days = store.pages({
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        FilterExpression: q.product ? 'product = :product' : undefined,
        ExpressionAttributeValues: {
          ':pk': q.province !== undefined ? statsKeys.province(q.province) : statsKeys.all,
          ':from': `${q.from}#`,
          ':to': `${q.to}#\uffff`,
          ...(q.product ? { ':product': q.product } : {}),
        },
      });
      for await (const res of days) {
        for (const item of (res.Items ?? []) as Item[]) {
          const key = `${item.province}|${item.product}`;
          const row = rows.get(key) ?? ({ province: item.province, product: item.product, ...Object.fromEntries(STAT_FIELDS.map((f) => [f, 0])) } as StatsRow);
          for (const f of STAT_FIELDS) row[f] += Number(item[f] ?? 0);
          rows.set(key, row);
        }
      }
      return [...rows.values()];
    },
  };
}

