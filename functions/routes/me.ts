/**
 * Routes for "my things" (who I am, my profiles, my matches across profiles, my bookings) and
 * for the department's verification of certificates.
 */
import * as z from 'zod/mini';
import { BookingOut } from '#domain/fair-views.ts';
import { BuyerOut } from '#domain/buyers.ts';
import { SellerOut } from '#domain/sellers.ts';
import { getMe, MeOut, myBookings, myBuyers, myMatches, MyMatchesQuery, mySellers } from '#domain/me.ts';
import { certificationParam, CertificationQueueQuery, listPendingCertifications, PendingCertificationsOut, verifyCertification, VerifyCertificationBody } from '#domain/certifications.ts';
import { id, page, pageQuery } from '#domain/schemas.ts';
import { route } from '#functions/http/route.ts';
import { MineQuery } from '#domain/mine-query.ts';
import { MatchViewOut } from '#functions/routes/match-view.ts';
import { pageOf } from '#functions/routes/params.ts';

export const meRoutes = [
  route({
    operationId: 'getMe',
    method: 'GET',
    path: '/v1/me',
    tag: 'Me',
    summary: 'Who you are, your roles, your sellers, buyers and fairs, with open listings and demands, proposals waiting for your answer and unread notifications',
    success: { status: 200, description: 'You and what waits for you', schema: MeOut },
    errors: [401],
    handle: async ({ caller }, deps) => ({ body: await getMe(deps, caller), headers: { 'cache-control': 'no-store' } }),
  }),
  route({
    operationId: 'listSellers',
    method: 'GET',
    path: '/v1/sellers',
    tag: 'Sellers',
    summary: 'Your seller profiles (`mine=true`), oldest first',
    query: MineQuery,
    success: { status: 200, description: 'One page of your sellers', schema: page(SellerOut) },
    errors: [400, 401, 403],
    handle: async ({ caller, query }, deps) => ({ body: await mySellers(deps, caller, pageOf(query)) }),
  }),
  route({
    operationId: 'listBuyers',
    method: 'GET',
    path: '/v1/buyers',
    tag: 'Buyers',
    summary: 'Your buyer profiles (`mine=true`), oldest first',
    query: MineQuery,
    success: { status: 200, description: 'One page of your buyers', schema: page(BuyerOut) },
    errors: [400, 401, 403],
    handle: async ({ caller, query }, deps) => ({ body: await myBuyers(deps, caller, pageOf(query)) }),
  }),
  route({
    operationId: 'myMatches',
    method: 'GET',
    path: '/v1/matches',
    tag: 'Matching',
    summary: 'Your matches across all your sellers and buyers, by status and side, with who the other party is (contacts once confirmed)',
    query: MyMatchesQuery,
    success: { status: 200, description: 'One page of your matches', schema: page(MatchViewOut) },
    errors: [400, 401, 403],
    handle: async ({ caller, query }, deps) => {
      const { limit, cursor, ...filters } = query;
      return { body: await myMatches(deps, caller, filters, pageOf({ limit, cursor })) };
    },
  }),
  route({
    operationId: 'myBookings',
    method: 'GET',
    path: '/v1/bookings',
    tag: 'Bookings',
    summary: 'The booth bookings of your sellers, by fair',
    query: z.strictObject({ ...pageQuery }),
    success: { status: 200, description: 'One page of your bookings', schema: page(BookingOut) },
    errors: [400, 401, 403],
    handle: async ({ caller, query }, deps) => ({ body: await myBookings(deps, caller, pageOf(query)) }),
  }),
  route({
    operationId: 'verifyCertification',
    method: 'POST',
    path: '/v1/sellers/{sellerId}/certifications/{n}/verify',
    tag: 'Sellers',
    summary: 'Verify or reject a seller’s certificate (the department; send the seller version you read); the seller’s active listings follow and are matched again',
    params: z.strictObject({ sellerId: id, n: certificationParam }),
    body: VerifyCertificationBody,
    success: { status: 200, description: 'The seller with the decided certificate', schema: SellerOut },
    errors: [400, 401, 403, 404, 412, 413, 415],
    versionRequired: true,
    handle: async ({ caller, params, body, ifMatch }, deps) => ({ body: await verifyCertification(deps, caller, params.sellerId, params.n, body, ifMatch) }),
  }),
  route({
    operationId: 'listPendingCertifications',
    method: 'GET',
    path: '/v1/certifications',
    tag: 'Sellers',
    summary: 'Certificates awaiting the department’s verification in the provinces you act for (all, for a national admin), by seller, oldest change first; decide each with the verify route',
    query: CertificationQueueQuery,
    success: { status: 200, description: 'One page of sellers with their pending certificates', schema: page(PendingCertificationsOut) },
    errors: [400, 401, 403],
    handle: async ({ caller, query }, deps) => ({ body: await listPendingCertifications(deps, caller, query, pageOf(query)) }),
  }),
];
