/** Routes for the signed-in user's inbox. */
import * as z from 'zod/mini';
import { inLanguage, listNotifications, markNotificationRead, NotificationOut, NotificationQuery } from '#domain/notifications.ts';
import { page } from '#domain/schemas.ts';
import { route } from '#functions/http/route.ts';
import { pageOf } from '#functions/routes/params.ts';

const notificationParams = z.strictObject({ notificationId: z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'ulid-format')) });

export const notificationRoutes = [
  route({
    operationId: 'listNotifications',
    method: 'GET',
    path: '/v1/notifications',
    tag: 'Notifications',
    summary: 'Your inbox, newest first: matches, their state changes, fair suggestions, bookings, webhook failures',
    query: NotificationQuery,
    success: { status: 200, description: 'One page of notifications, in your language (both in `i18n`)', schema: page(NotificationOut) },
    errors: [400, 401],
    handle: async ({ caller, query, lang }, deps) => {
      const result = await listNotifications(deps, caller, query.unread === 'true', pageOf(query));
      return { body: { ...result, items: result.items.map((n) => inLanguage(n, lang)) } };
    },
  }),
  route({
    operationId: 'markNotificationRead',
    method: 'POST',
    path: '/v1/notifications/{notificationId}/read',
    tag: 'Notifications',
    summary: 'Mark one of your notifications read',
    params: notificationParams,
    success: { status: 200, description: 'The notification, now read', schema: NotificationOut },
    errors: [400, 401, 404, 422],
    // Marking read sets one flag that nothing else changes: repeating it is harmless, no version needed.
    versionRequired: false,
    handle: async ({ caller, params, lang }, deps) => ({ body: inLanguage(await markNotificationRead(deps, caller, params.notificationId), lang) }),
  }),
];
