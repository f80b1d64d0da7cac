/** Routes for fairs, conferences and market days, and their booth bookings. */
import * as z from 'zod/mini';
import {
  BookingCreate,
  bookBooth,
  cancelBooking,
  cancelFair,
  createFair,
  FairCreate,
  FairPatch,
  FairSearchParams,
  getFair,
  listBookings,
  myFairs,
  publishFair,
  searchFairs,
  updateFair,
} from '#domain/fairs.ts';
import { BookingOut, FairOut, fairView, type Booking, type Fair } from '#domain/fair-views.ts';
import { page, pageQuery } from '#domain/schemas.ts';
import { assignBooth, BookingPatch, decideBooking, exhibitors, exhibitorsCsv, EXHIBITOR_EXAMPLE } from '#domain/bookings.ts';
import { csvHeaders, csvLang, wantsCsv } from '#functions/routes/csv.ts';
import { route } from '#functions/http/route.ts';
import { MineQuery } from '#domain/mine-query.ts';
import { bookingParams, fairParams, locationOf, pageOf } from '#functions/routes/params.ts';

const fairAnswer = (fair: Fair) => ({ body: fairView(fair) });
const fairResult = async (fair: Promise<Fair>) => fairAnswer(await fair);
const createdFair = (fair: Fair) => ({ body: fairView(fair), headers: locationOf(`/v1/fairs/${fair.id}`) });
const createdBooking = (booking: Booking) => ({ body: booking, headers: locationOf(`/v1/fairs/${booking.fairId}/bookings/${booking.id}`) });

export const fairRoutes = [
  route({
    operationId: 'createFair',
    method: 'POST',
    path: '/v1/fairs',
    tag: 'Fairs',
    summary: 'Create a fair or conference as a draft',
    body: FairCreate,
    success: { status: 201, description: 'The draft fair', schema: FairOut },
    errors: [400, 401, 403, 409, 413, 415, 422],
    answer: { resource: 'fair', result: createdFair },
    handle: async ({ caller, body }, deps) => createdFair(await createFair(deps, caller, body)),
  }),
  route({
    operationId: 'searchFairs',
    method: 'GET',
    path: '/v1/fairs',
    tag: 'Fairs',
    summary: 'Published fairs, by province, date range (overlapping) and featured product; `mine=true`: the fairs you organise, drafts included',
    query: z.extend(FairSearchParams, { mine: z.optional(MineQuery.shape.mine) }),
    success: { status: 200, description: 'One page of fairs, soonest first (yours: oldest created first)', schema: page(FairOut) },
    errors: [400, 401],
    handle: async ({ query, caller }, deps) => {
      const { limit, cursor, mine, ...filters } = query;
      const result = mine ? await myFairs(deps, caller, pageOf({ limit, cursor })) : await searchFairs(deps, filters, pageOf({ limit, cursor }));
      return { body: { ...result, items: result.items.map(fairView) } };
    },
  }),
  route({
    operationId: 'getFair',
    method: 'GET',
    path: '/v1/fairs/{fairId}',
    tag: 'Fairs',
    summary: 'Read a fair (drafts: organiser and admin only)',
    params: fairParams,
    success: { status: 200, description: 'The fair', schema: FairOut },
    errors: [400, 401, 404],
    handle: ({ caller, params }, deps) => fairResult(getFair(deps, caller, params.fairId)),
  }),
  route({
    operationId: 'updateFair',
    method: 'PATCH',
    path: '/v1/fairs/{fairId}',
    tag: 'Fairs',
    summary: 'Change a fair (organiser only; send the version you read)',
    params: fairParams,
    body: FairPatch,
    success: { status: 200, description: 'The updated fair', schema: FairOut },
    errors: [400, 401, 403, 404, 409, 412, 413, 415],
    versionRequired: true,
    handle: ({ caller, params, body, ifMatch }, deps) => fairResult(updateFair(deps, caller, params.fairId, body, ifMatch)),
  }),
  route({
    operationId: 'publishFair',
    method: 'POST',
    path: '/v1/fairs/{fairId}/publish',
    tag: 'Fairs',
    summary: 'Publish a draft fair: it becomes visible and bookable (send the version you read)',
    params: fairParams,
    success: { status: 200, description: 'The published fair', schema: FairOut },
    errors: [400, 401, 403, 404, 409, 412, 422],
    versionRequired: true,
    answer: { resource: 'fair', result: fairAnswer },
    handle: ({ caller, params, ifMatch }, deps) => fairResult(publishFair(deps, caller, params.fairId, ifMatch)),
  }),
  route({
    operationId: 'cancelFair',
    method: 'POST',
    path: '/v1/fairs/{fairId}/cancel',
    tag: 'Fairs',
    summary: 'Cancel a fair (send the version you read)',
    params: fairParams,
    success: { status: 200, description: 'The cancelled fair', schema: FairOut },
    errors: [400, 401, 403, 404, 409, 412, 422],
    versionRequired: true,
    answer: { resource: 'fair', result: fairAnswer },
    handle: ({ caller, params, ifMatch }, deps) => fairResult(cancelFair(deps, caller, params.fairId, ifMatch)),
  }),
  route({
    operationId: 'bookBooth',
    method: 'POST',
    path: '/v1/fairs/{fairId}/bookings',
    tag: 'Bookings',
    summary: 'Book one booth for a seller you own (one booth per seller per fair)',
    params: fairParams,
    body: BookingCreate,
    success: { status: 201, description: 'The booking', schema: BookingOut },
    errors: [400, 401, 403, 404, 409, 413, 415, 422, 503],
    answer: { resource: 'booking', result: createdBooking },
    handle: async ({ caller, params, body }, deps) => createdBooking(await bookBooth(deps, caller, params.fairId, body)),
  }),
  route({
    operationId: 'listBookings',
    method: 'GET',
    path: '/v1/fairs/{fairId}/bookings',
    tag: 'Bookings',
    summary: "A fair's bookings, the exhibitor list (its organiser and admin): booth number, status, the seller's name, kind, province, products, contact and certificates, fee. `Accept: text/csv` gives all of them as CSV by booth number, in Vietnamese unless `Accept-Language: en`",
    params: fairParams,
    query: z.strictObject(pageQuery),
    success: { status: 200, description: 'One page of bookings (JSON), or every booking as CSV', schema: page(BookingOut), csv: { example: exhibitorsCsv([EXHIBITOR_EXAMPLE], 'vi') } },
    errors: [400, 401, 403, 404, 406],
    handle: async ({ caller, params, query, headers, lang }, deps) => {
      if (!wantsCsv(headers.accept)) return { body: await listBookings(deps, caller, params.fairId, pageOf(query)) };
      const { bookings } = await exhibitors(deps, caller, params.fairId);
      return { body: exhibitorsCsv(bookings, csvLang(lang, headers['accept-language'])), headers: csvHeaders(`exhibitors-${params.fairId}.csv`) };
    },
  }),
  route({
    operationId: 'updateBooking',
    method: 'PATCH',
    path: '/v1/fairs/{fairId}/bookings/{bookingId}',
    tag: 'Bookings',
    summary: 'Assign a booth number to a booking (the fair’s organiser; send the version you read)',
    params: bookingParams,
    body: BookingPatch,
    success: { status: 200, description: 'The booking with its new booth number', schema: BookingOut },
    errors: [400, 401, 403, 404, 409, 412, 413, 415],
    versionRequired: true,
    handle: async ({ caller, params, body, ifMatch }, deps) => ({ body: await assignBooth(deps, caller, params.fairId, params.bookingId, body, ifMatch) }),
  }),
  route({
    operationId: 'approveBooking',
    method: 'POST',
    path: '/v1/fairs/{fairId}/bookings/{bookingId}/approve',
    tag: 'Bookings',
    summary: 'Approve a pending booking (fairs with approvalRequired; the organiser). Repeating it is a no-op',
    params: bookingParams,
    success: { status: 200, description: 'The approved booking', schema: BookingOut },
    errors: [400, 401, 403, 404, 409, 412, 503],
    versionRequired: true,
    handle: async ({ caller, params, ifMatch }, deps) => ({ body: await decideBooking(deps, caller, params.fairId, params.bookingId, 'approved', ifMatch) }),
  }),
  route({
    operationId: 'rejectBooking',
    method: 'POST',
    path: '/v1/fairs/{fairId}/bookings/{bookingId}/reject',
    tag: 'Bookings',
    summary: 'Reject a pending or approved booking: its booth and booth number are freed in the same transaction (the organiser). Repeating it is a no-op',
    params: bookingParams,
    success: { status: 200, description: 'The rejected booking, without a booth number', schema: BookingOut },
    errors: [400, 401, 403, 404, 409, 412, 503],
    versionRequired: true,
    handle: async ({ caller, params, ifMatch }, deps) => ({ body: await decideBooking(deps, caller, params.fairId, params.bookingId, 'rejected', ifMatch) }),
  }),
  route({
    operationId: 'cancelBooking',
    method: 'DELETE',
    path: '/v1/fairs/{fairId}/bookings/{bookingId}',
    tag: 'Bookings',
    summary: 'Cancel a booking and free the booth (the booking cooperative or the organiser)',
    params: bookingParams,
    success: { status: 204, description: 'The booth is free again' },
    errors: [400, 401, 403, 404, 503],
    // Leaving a fair stands whatever happened to the booking since (a new booth number, an approval).
    versionRequired: false,
    handle: async ({ caller, params }, deps) => {
      await cancelBooking(deps, caller, params.fairId, params.bookingId);
      return {};
    },
  }),
];
