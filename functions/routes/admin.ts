/** Operations routes (admin only): stream records parked after failing every attempt. */
import * as z from 'zod/mini';
import { id, page, pageQuery } from '#domain/schemas.ts';
import { route } from '#functions/http/route.ts';
import { pageOf } from '#functions/routes/params.ts';
import { replayParkedRecord } from '#functions/stream/replay.ts';

const ParkedRecordOut = z.object({
  id: z.string(),
  parkedAt: z.string(),
  attempts: z.int(),
  error: z.string(),
  eventID: z.optional(z.string()),
  eventName: z.optional(z.string()),
  sequenceNumber: z.optional(z.string()),
  /** The stream record as the function received it (JSON). */
  record: z.string(),
  lastReplayAt: z.optional(z.string()),
});

export const adminRoutes = [
  route({
    operationId: 'listParkedRecords',
    method: 'GET',
    path: '/v1/admin/parked-records',
    tag: 'Operations',
    summary: 'Stream records that failed every attempt, newest first, with their error',
    query: z.strictObject(pageQuery),
    success: { status: 200, description: 'One page of parked records', schema: page(ParkedRecordOut) },
    errors: [400, 401, 403],
    handle: async ({ query }, deps) => ({ body: await deps.parkedRecords.list(pageOf(query)) }),
  }),
  route({
    operationId: 'replayParkedRecord',
    method: 'POST',
    path: '/v1/admin/parked-records/{recordId}/replay',
    tag: 'Operations',
    summary: 'Process a parked record again; it leaves the parking when it succeeds',
    params: z.strictObject({ recordId: id }),
    success: { status: 200, description: 'The record was processed', schema: z.object({ id: z.string(), replayed: z.literal(true), eventID: z.optional(z.string()) }) },
    errors: [400, 401, 403, 404, 409],
    // A parked record has no version: it is processed again and removed, so a second replay gets 404.
    versionRequired: false,
    handle: async ({ params }, deps) => ({ body: await replayParkedRecord(deps, params.recordId) }),
  }),
];
