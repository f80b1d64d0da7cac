/** Routes for alert settings, deliveries and unsubscribe links. */
import * as z from 'zod/mini';
import { confirmAddress, getAlertPreferences, preferencesView, resendCode, unsubscribe, updateAlertPreferences } from '#domain/alerts.ts';
import { AddressConfirmation, AlertDeliveryOut, AlertPreferencesOut, AlertPreferencesPatch, CodeRequest } from '#domain/alert-schemas.ts';
import { BadRequestError } from '#domain/errors.ts';
import { route } from '#functions/http/route.ts';
import type { Deps } from '#functions/deps.ts';
import { unsubscribeKey, verifyUnsubscribe } from '#functions/alerts/unsubscribe-token.ts';
import type { NotificationType } from '#domain/notifications.ts';

const tokenQuery = z.strictObject({ token: z.string().check(z.maxLength(2048)) });

function payloadOf(deps: Deps, token: string) {
  const p = verifyUnsubscribe(unsubscribeKey(deps.config.CURSOR_KEY), token);
  if (!p) throw new BadRequestError('bad-unsubscribe-token');
  return p;
}

const page = (lang: string, title: string, text: string, form?: string) =>
  `<!doctype html><html lang="${lang}"><meta charset="utf-8"><title>${title}</title><body style="font-family:sans-serif;max-width:36em;margin:3em auto"><h1>${title}</h1><p>${text}</p>${form ?? ''}</body></html>`;

export const alertRoutes = [
  route({
    operationId: 'getAlertPreferences',
    method: 'GET',
    path: '/v1/me/alert-preferences',
    tag: 'Alerts',
    summary: 'Your alert channels: e-mail and SMS addresses, which notices go where, daily digest, quiet hours',
    success: { status: 200, description: 'Your settings (your role’s defaults until you change them)', schema: AlertPreferencesOut },
    errors: [401],
    handle: async ({ caller }, deps) => ({ body: preferencesView(await getAlertPreferences(deps, caller)) }),
  }),
  route({
    operationId: 'updateAlertPreferences',
    method: 'PATCH',
    path: '/v1/me/alert-preferences',
    tag: 'Alerts',
    summary: 'Change your alert settings (send the version you read)',
    body: AlertPreferencesPatch,
    success: { status: 200, description: 'Your settings', schema: AlertPreferencesOut },
    errors: [400, 401, 412],
    versionRequired: true,
    handle: async ({ caller, body, ifMatch }, deps) => ({ body: preferencesView(await updateAlertPreferences(deps, caller, body, ifMatch)) }),
  }),
  route({
    operationId: 'confirmAlertAddress',
    method: 'POST',
    path: '/v1/me/alert-preferences/confirm',
    tag: 'Alerts',
    summary: 'Confirm your e-mail or phone with the 6-digit code sent to it when you set it; until then only the code goes there. Five wrong tries use a code up',
    body: AddressConfirmation,
    success: { status: 200, description: 'Your settings, with the address confirmed', schema: AlertPreferencesOut },
    errors: [400, 401, 409, 413, 415, 503],
    // Confirming is idempotent (a confirmed address stays confirmed) and the code is the proof.
    versionRequired: false,
    handle: async ({ caller, body }, deps) => ({ body: preferencesView(await confirmAddress(deps, caller, body.channel, body.code)) }),
  }),
  route({
    operationId: 'sendAlertCode',
    method: 'POST',
    path: '/v1/me/alert-preferences/send-code',
    tag: 'Alerts',
    summary: 'Send a new confirmation code to your unconfirmed e-mail or phone (at most one a minute); the previous code stops working',
    body: CodeRequest,
    success: { status: 202, description: 'Accepted: the code is on its way', schema: AlertPreferencesOut },
    errors: [400, 401, 409, 413, 415, 429, 503],
    versionRequired: false,
    handle: async ({ caller, body }, deps) => ({ status: 202, body: preferencesView(await resendCode(deps, caller, body.channel)) }),
  }),
  route({
    operationId: 'listAlertDeliveries',
    method: 'GET',
    path: '/v1/me/alert-deliveries',
    tag: 'Alerts',
    summary: 'The e-mails and SMS sent (or being retried, or failed) to you in the last 30 days, newest first',
    success: { status: 200, description: 'Up to 100 deliveries', schema: z.object({ items: z.array(AlertDeliveryOut) }) },
    errors: [401],
    handle: async ({ caller }, deps) => ({ body: { items: await deps.alertDeliveries.listBySub(caller.sub, 100) } }),
  }),
  route({
    operationId: 'unsubscribePage',
    method: 'GET',
    path: '/v1/alerts/unsubscribe',
    tag: 'Alerts',
    summary: 'The page an e-mail’s unsubscribe link opens: one button, no sign-in (a GET changes nothing, so link scanners cannot unsubscribe anyone)',
    query: tokenQuery,
    success: { status: 200, description: 'An HTML page with a confirm button', contentType: 'text/html; charset=utf-8' },
    errors: [400],
    handle: async ({ query, lang }, deps) => {
      payloadOf(deps, query.token);
      const vi = lang === 'vi';
      const form = `<form method="post"><button type="submit">${vi ? 'Ngừng nhận' : 'Unsubscribe'}</button></form>`;
      return { body: page(lang, vi ? 'Ngừng nhận thư' : 'Unsubscribe', vi ? 'Bạn sẽ không nhận loại thư này nữa. Có thể bật lại trong cài đặt thông báo.' : 'You will no longer get these e-mails. You can turn them on again in your alert settings.', form) };
    },
  }),
  route({
    operationId: 'unsubscribe',
    method: 'POST',
    path: '/v1/alerts/unsubscribe',
    tag: 'Alerts',
    summary: 'Unsubscribe with the signed token of an e-mail (RFC 8058 one-click); no sign-in',
    query: tokenQuery,
    success: { status: 200, description: 'Done', contentType: 'text/html; charset=utf-8' },
    errors: [400],
    // The signed link is the authority, and it only turns one notice type off, which repeating leaves off.
    versionRequired: false,
    handle: async ({ query, lang }, deps) => {
      const p = payloadOf(deps, query.token);
      await unsubscribe(deps, p.sub, p.channel, p.type as NotificationType | '*');
      const vi = lang === 'vi';
      return { body: page(lang, vi ? 'Đã ngừng nhận' : 'Unsubscribed', vi ? 'Bạn sẽ không nhận loại thư này nữa.' : 'You will no longer get these e-mails.') };
    },
  }),
];
