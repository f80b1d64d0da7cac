/**
 * The API: every route, grouped by the Lambda function that serves it. The CDK stack makes one
 * function per group and one API Gateway route per route; the local runtime mounts the same.
 */
import type { Route } from '#functions/http/route.ts';
import { sellerRoutes } from '#functions/routes/sellers.ts';
import { buyerRoutes } from '#functions/routes/buyers.ts';
import { listingRoutes } from '#functions/routes/listings.ts';
import { demandRoutes } from '#functions/routes/demands.ts';
import { fairRoutes } from '#functions/routes/fairs.ts';
import { metaRoutes } from '#functions/routes/meta.ts';
import { matchingRoutes } from '#functions/routes/matching.ts';
import { nearMissRoutes } from '#functions/routes/near-misses.ts';
import { webhookRoutes } from '#functions/routes/webhooks.ts';
import { notificationRoutes } from '#functions/routes/notifications.ts';
import { adminRoutes } from '#functions/routes/admin.ts';
import { joiningRoutes } from '#functions/routes/joining.ts';
import { alertRoutes } from '#functions/routes/alerts.ts';
import { meRoutes } from '#functions/routes/me.ts';

export interface RouteGroup {
  /** Also the handler file: `functions/handlers/<name>.ts`. */
  name: string;
  routes: Route[];
}

export const API: RouteGroup[] = [
  { name: 'meta', routes: metaRoutes(() => allRoutes()) },
  { name: 'sellers', routes: sellerRoutes },
  { name: 'buyers', routes: buyerRoutes },
  { name: 'listings', routes: listingRoutes },
  { name: 'demands', routes: demandRoutes },
  { name: 'fairs', routes: fairRoutes },
  { name: 'matching', routes: [...matchingRoutes, ...nearMissRoutes] },
  { name: 'webhooks', routes: webhookRoutes },
  { name: 'notifications', routes: notificationRoutes },
  { name: 'admin', routes: adminRoutes },
  { name: 'joining', routes: joiningRoutes },
  { name: 'alerts', routes: alertRoutes },
  { name: 'me', routes: meRoutes },
];

export function allRoutes(): Route[] {
  return API.flatMap((g) => g.routes);
}
