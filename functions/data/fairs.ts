/**
 * Fair items (`FAIR#<id>` / `A`) and their bookings in the same partition:
 * `FAIR#<id>` / `BOOKING#<bookingId>`, plus a guard item `FAIR#<id>` / `SELLER#<sellerId>` that
 * stops a seller from holding two booths. Published fairs are indexed (sparse) on
 * gsi1 `FAIR#V#<province>` / `<startsOn>#<id>` and gsi3 `FAIR#S#published` / `<startsOn>#<id>`;
 * gsi2 `OWNER#<sub>` / `FAIR#<id>` lists an organiser's fairs.
 */
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { FairQuery } from '#domain/fairs.ts';
import type { Booking, Fair } from '#domain/fair-views.ts';
import type { BookingOutcome, BookingRepository, FairRepository } from '#domain/ports.ts';
import { NotFoundError, PreconditionFailedError, ValidationError, fieldIssue } from '#domain/errors.ts';
import { sellerKeys } from '#functions/data/sellers.ts';
import { conditionFailure, entityRepository, ownerIndex, stripKeys, type EntityCodec, type Item, type Store, type TransactItem, type Written } from '#functions/data/store.ts';

/** Fair keys, the one place they are spelled: items, index attributes and queries use them. */
export const fairKeys = {
  partition: (id: string) => `FAIR#${id}`,
  item: (id: string) => ({ pk: fairKeys.partition(id), sk: 'A' }),
  bookingPrefix: 'BOOKING#',
  booking: (fairId: string, bookingId: string) => ({ pk: fairKeys.partition(fairId), sk: fairKeys.bookingPrefix + bookingId }),
  boothGuard: (fairId: string, sellerId: string) => ({ pk: fairKeys.partition(fairId), sk: sellerKeys.partition(sellerId) }),
  boothPrefix: 'BOOTH#',
  /** One item per booth number in use, so two bookings never share a booth. */
  boothNumber: (fairId: string, boothNumber: number) => ({ pk: fairKeys.partition(fairId), sk: fairKeys.boothPrefix + String(boothNumber).padStart(5, '0') }),
  /** gsi1 partition of the published fairs in one province. */
  publishedIn: (province: string) => `FAIR#V#${province}`,
  /** gsi3 partition of all published fairs. */
  published: 'FAIR#S#published',
  /** Kinds on the owner index: an organiser's fairs, a cooperative's bookings. */
  ownerKind: 'FAIR',
  bookingOwnerKind: 'BOOKING',
};

export const fairCodec: EntityCodec<Fair> = {
  resource: 'fair',
  key: fairKeys.item,
  toItem: (f) => ({
    ...fairKeys.item(f.id),
    entity: 'fair',
    ...ownerIndex(fairKeys.ownerKind, f.ownerId, f.id),
    ...(f.status === 'published' ? publishedIndex(f) : {}),
    ...f,
  }),
  fromItem: (item) => stripKeys<Fair>(item),
};

/** A published fair's index attributes, sorted by start date in both indexes. */
function publishedIndex(f: Fair) {
  const sk = `${f.startsOn}#${f.id}`;
  return { gsi1pk: fairKeys.publishedIn(f.province), gsi1sk: sk, gsi3pk: fairKeys.published, gsi3sk: sk };
}

/** A booking is also listed under its cooperative's owner index (gsi2 `OWNER#<sub>` / `BOOKING#<fairId>#<id>`): `GET /v1/bookings`. */
const bookingToItem = (b: Booking): Item => ({ ...fairKeys.booking(b.fairId, b.id), entity: 'booking', ...ownerIndex(fairKeys.bookingOwnerKind, b.ownerId, b.fairId, b.id), ...b });

/** Fairs overlapping [from, to]: the key condition bounds startsOn, a filter checks endsOn. */
export function fairQueryInput(q: FairQuery): Omit<QueryCommandInput, 'TableName'> {
  const values: Record<string, unknown> = { ':to': `${q.to ?? '9999-12-31'}#~` };
  const filters: string[] = [];
  const keyCondition = q.province ? 'gsi1pk = :pk AND gsi1sk <= :to' : 'gsi3pk = :pk AND gsi3sk <= :to';
  values[':pk'] = q.province ? fairKeys.publishedIn(q.province) : fairKeys.published;
  if (q.from) (filters.push('endsOn >= :from'), (values[':from'] = q.from));
  if (q.product) (filters.push('contains(products, :product)'), (values[':product'] = q.product));
  return {
    IndexName: q.province ? 'gsi1' : 'gsi3',
    KeyConditionExpression: keyCondition,
    FilterExpression: filters.length ? filters.join(' AND ') : undefined,
    ExpressionAttributeValues: values,
    ScanIndexForward: true,
  };
}

export function fairRepository(store: Store): FairRepository {
  const base = entityRepository(store, fairCodec);
  return {
    ...base,
    /** Rewrites every field but `bookedCount`, which bookings change concurrently. */
    async update(f, events = []) {
      const { bookedCount: _ignored, ...rest } = fairCodec.toItem(f);
      const fields = Object.entries(rest).filter(([k]) => k !== 'pk' && k !== 'sk');
      const names = Object.fromEntries(fields.map(([k], i) => [`#f${i}`, k]));
      const values = Object.fromEntries(fields.map(([, v], i) => [`:f${i}`, v]));
      const removable = ['gsi1pk', 'gsi1sk', 'gsi3pk', 'gsi3sk'].filter((k) => !(k in rest));
      removable.forEach((k, i) => (names[`#r${i}`] = k));
      const set = `SET ${fields.map((_, i) => `#f${i} = :f${i}`).join(', ')}`;
      const remove = removable.length ? ` REMOVE ${removable.map((_, i) => `#r${i}`).join(', ')}` : '';
      const update = {
        TableName: store.tableName,
        Key: fairKeys.item(f.id),
        UpdateExpression: set + remove,
        ConditionExpression: 'attribute_exists(pk) AND #version = :prev AND bookedCount <= :booths',
        ExpressionAttributeNames: { ...names, '#version': 'version' },
        ExpressionAttributeValues: { ...values, ':prev': f.version - 1, ':booths': f.boothCount },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
      };
      try {
        await store.writeWithEvents({ Update: update }, events, { resource: 'fair', entity: f });
      } catch (err) {
        const failure = conditionFailure(err);
        if (!failure) throw err;
        if (!failure.item) throw new NotFoundError('not-found', { resource: 'fair', id: f.id });
        const stored = failure.item as Record<string, { N?: string }>;
        if (Number(stored.version?.N) === f.version - 1) {
          throw new ValidationError([fieldIssue('boothCount', 'below-booked', { min: Number(stored.bookedCount?.N) })]);
        }
        throw new PreconditionFailedError('version-mismatch', { resource: 'fair', sent: f.version - 1 });
      }
    },
    search: (q, page) => store.queryPage(fairQueryInput(q), page, fairCodec.fromItem),
  };
}

export function bookingRepository(store: Store): BookingRepository {
  /** Bookings on one fair all bump its `bookedCount`: conflicting transactions are retried. */
  const transact = (items: TransactItem[], written?: Written) => store.transact(items, written);

  return {
    async book(b, today, events = []): Promise<BookingOutcome> {
      const reasons = await transact([
        {
          Update: {
            TableName: store.tableName,
            Key: fairKeys.item(b.fairId),
            UpdateExpression: 'SET bookedCount = bookedCount + :one',
            ConditionExpression: 'attribute_exists(pk) AND #s = :published AND bookedCount < boothCount AND registrationClosesOn >= :today',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':one': 1, ':published': 'published', ':today': today },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        { Put: { TableName: store.tableName, Item: bookingToItem(b), ConditionExpression: 'attribute_not_exists(pk)' } },
        {
          Put: {
            TableName: store.tableName,
            Item: { ...fairKeys.boothGuard(b.fairId, b.sellerId), entity: 'booth-guard', bookingId: b.id },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        ...(b.boothNumber !== undefined
          ? [{ Put: { TableName: store.tableName, Item: { ...fairKeys.boothNumber(b.fairId, b.boothNumber), entity: 'booth-number', bookingId: b.id, boothNumber: b.boothNumber }, ConditionExpression: 'attribute_not_exists(pk)' } }]
          : []),
        ...store.outboxPuts(events),
      ], { resource: 'booking', entity: b });
      if (!reasons) return { ok: true };
      if (reasons[2]?.Code === 'ConditionalCheckFailed') return { ok: false, reason: 'already-booked' };
      if (b.boothNumber !== undefined && reasons[3]?.Code === 'ConditionalCheckFailed' && reasons[0]?.Code !== 'ConditionalCheckFailed') return { ok: false, reason: 'booth-taken' };
      const fair = reasons[0]?.Item as Record<string, { S?: string; N?: string }> | undefined;
      if (!fair) return { ok: false, reason: 'fair-missing' };
      if (fair.status?.S !== 'published') return { ok: false, reason: 'not-published' };
      if ((fair.registrationClosesOn?.S ?? '') < today) return { ok: false, reason: 'registration-closed' };
      return { ok: false, reason: 'fair-full' };
    },
    async get(fairId, bookingId) {
      const item = await store.get(fairKeys.booking(fairId, bookingId));
      return item && stripKeys<Booking>(item);
    },
    async cancel(b, events = []) {
      // A rejected booking already gave its booth back.
      if (b.status === 'rejected') {
        const reasons = await transact([{ Delete: { TableName: store.tableName, Key: fairKeys.booking(b.fairId, b.id), ConditionExpression: 'attribute_exists(pk)' } }, ...store.outboxPuts(events)]);
        return !reasons;
      }
      const reasons = await transact([
        { Delete: { TableName: store.tableName, Key: fairKeys.booking(b.fairId, b.id), ConditionExpression: 'attribute_exists(pk)' } },
        { Delete: { TableName: store.tableName, Key: fairKeys.boothGuard(b.fairId, b.sellerId) } },
        ...(b.boothNumber !== undefined ? [{ Delete: { TableName: store.tableName, Key: fairKeys.boothNumber(b.fairId, b.boothNumber), ConditionExpression: 'bookingId = :id', ExpressionAttributeValues: { ':id': b.id } } }] : []),
        {
          Update: {
            TableName: store.tableName,
            Key: fairKeys.item(b.fairId),
            UpdateExpression: 'SET bookedCount = bookedCount - :one',
            ConditionExpression: 'bookedCount > :zero',
            ExpressionAttributeValues: { ':one': 1, ':zero': 0 },
          },
        },
        ...store.outboxPuts(events),
      ]);
      return !reasons;
    },
    async boothNumbers(fairId) {
      const numbers: number[] = [];
      const booths = store.pages({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
        ExpressionAttributeValues: { ':pk': fairKeys.partition(fairId), ':sk': fairKeys.boothPrefix },
        ProjectionExpression: 'boothNumber',
      });
      for await (const res of booths) for (const item of res.Items ?? []) numbers.push(Number(item.boothNumber));
      return numbers;
    },
    async change(prev, next) {
      const freeing = next.status === 'rejected' && prev.status !== 'rejected';
      const moving = !freeing && next.boothNumber !== prev.boothNumber && next.boothNumber !== undefined;
      const { boothNumber: _dropped, ...rejectedItem } = next;
      const items: TransactItem[] = [
        {
          Put: {
            TableName: store.tableName,
            Item: bookingToItem(freeing ? (rejectedItem as Booking) : next),
            ConditionExpression: '#v = :prev',
            ExpressionAttributeNames: { '#v': 'version' },
            ExpressionAttributeValues: { ':prev': prev.version ?? 1 },
          },
        },
      ];
      if ((freeing || moving) && prev.boothNumber !== undefined) {
        items.push({ Delete: { TableName: store.tableName, Key: fairKeys.boothNumber(prev.fairId, prev.boothNumber) } });
      }
      if (moving) {
        items.push({
          Put: { TableName: store.tableName, Item: { ...fairKeys.boothNumber(next.fairId, next.boothNumber!), entity: 'booth-number', bookingId: next.id, boothNumber: next.boothNumber }, ConditionExpression: 'attribute_not_exists(pk)' },
        });
      }
      if (freeing) {
        items.push({ Delete: { TableName: store.tableName, Key: fairKeys.boothGuard(prev.fairId, prev.sellerId) } });
        items.push({
          Update: {
            TableName: store.tableName,
            Key: fairKeys.item(prev.fairId),
            UpdateExpression: 'SET bookedCount = bookedCount - :one',
            ConditionExpression: 'bookedCount > :zero',
            ExpressionAttributeValues: { ':one': 1, ':zero': 0 },
          },
        });
      }
      const reasons = await transact(items);
      if (!reasons) return 'ok';
      if (reasons[0]?.Code === 'ConditionalCheckFailed') return 'stale';
      return 'booth-taken';
    },
    listByFair: (fairId, page) =>
      store.queryPage(
        { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)', ExpressionAttributeValues: { ':pk': fairKeys.partition(fairId), ':sk': fairKeys.bookingPrefix } },
        page,
        (item) => stripKeys<Booking>(item),
      ),
  };
}
