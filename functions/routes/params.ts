/** Path-parameter schemas shared by the route files. */
import * as z from 'zod/mini';
import { id } from '#domain/schemas.ts';
import type { Caller } from '#domain/access.ts';

export const sellerParams = z.strictObject({ sellerId: id });
export const buyerParams = z.strictObject({ buyerId: id });
export const listingParams = z.strictObject({ listingId: id });
export const demandParams = z.strictObject({ demandId: id });
export const fairParams = z.strictObject({ fairId: id });
export const bookingParams = z.strictObject({ fairId: id, bookingId: id });

/** Limit and cursor from a validated query, with the default page size. */
export const pageOf = (q: { limit?: number; cursor?: string }) => ({ limit: q.limit ?? 20, cursor: q.cursor });

/** A Location header for a newly created resource. */
export const locationOf = (path: string) => ({ location: path });

export type { Caller };
