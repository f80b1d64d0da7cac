/** Routes for fairs, conferences and market days, and their booth bookings. */
import * as z from 'zod/mini';
import {
  BookingCreate,
  BookingOut,
  bookBooth,
  cancelBooking,
  cancelFair,
  createFair,
  FairCreate,
  FairOut,
  FairPatch,
  FairSearchParams,
  fairView,
  getFair,
  listBookings,
  publishFair,
  searchFairs,
  updateFair,
  type Booking,
  type Fair,
} from '#domain/fairs.ts';
import { page, pageQuery } from '#domain/schemas.ts';
import { route } from '#functions/http/route.ts';
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
    summary: 'Published fairs, by province, date range (overlapping) and featured product',
    query: FairSearchParams,
    success: { status: 200, description: 'One page of fairs, soonest first', schema: page(FairOut) },
    errors: [400, 401],
    handle: async ({ query }, deps) => {
      const { limit, cursor, ...filters } = query;
      const result = await searchFairs(deps, filters, pageOf({ limit, cursor }));
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
    errors: [400, 401, 403, 404, 409, 412, 413, 415, 428],
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
    errors: [400, 401, 403, 404, 409, 412, 422, 428],
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
    errors: [400, 401, 403, 404, 409, 412, 422, 428],
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
    summary: "A fair's bookings (its organiser and admin)",
    params: fairParams,
    query: z.strictObject(pageQuery),
    success: { status: 200, description: 'One page of bookings', schema: page(BookingOut) },
    errors: [400, 401, 403, 404],
    handle: async ({ caller, params, query }, deps) => ({ body: await listBookings(deps, caller, params.fairId, pageOf(query)) }),
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
    // A booking never changes between its creation and its cancellation, so it has no version.
    versionRequired: false,
    handle: async ({ caller, params }, deps) => {
      await cancelBooking(deps, caller, params.fairId, params.bookingId);
      return {};
    },
  }),
];
