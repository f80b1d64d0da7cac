/**
 * The inbox: what each signed-in user hears about, in Vietnamese and English: matches proposed
 * to them and their state changes, fair suggestions, booking confirmations, webhook failures.
 * Notifications are derived from domain events (and a few direct notices) and deduplicated,
 * so a re-delivered event never notifies twice. Each says only what its recipient may read
 * through the API. Many proposals at once make one notification per recipient ("12 đề xuất
 * mới" / "12 new offers"), not one each: a grouped notification gathers the recipient's events
 * of its kind for {@link GROUP_WINDOW_MS} after the first.
 */
import * as z from 'zod/mini';
import type { Caller } from '#domain/access.ts';
import { NotFoundError } from '#domain/errors.ts';
import type { Lang } from '#domain/messages.ts';
import type { Deps, Page, PageRequest } from '#domain/ports.ts';
import type { Envelope } from '#events/envelope.ts';
import { productByCode } from '#domain/reference/products.ts';
import { provinceByCode } from '#domain/reference/provinces.ts';
import { documented, pageQuery } from '#domain/schemas.ts';
import type { ProfileRef } from '#domain/match-notices.ts';

export const NOTIFICATION_TYPES = ['match-proposed', 'match-accepted', 'match-confirmed', 'match-declined', 'fair-suggested', 'fair-cancelled', 'booth-booked', 'booth-cancelled', 'webhook-failed', 'role-request-decided', 'alert-failed'] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

type Text = { vi: string; en: string };

/** How long a grouped notification keeps gathering events of its kind for one recipient. */
export const GROUP_WINDOW_MS = 60_000;

/** What a producer of notifications supplies; `dedupeKey` makes a repeat a no-op. */
export interface NotificationInput {
  sub: string;
  type: NotificationType;
  title: Text;
  body: Text;
  link?: string;
  dedupeKey: string;
  /** When the thing happened (the event's time); orders the inbox. */
  at?: string;
  /** The recipient's seller or buyer profiles the notice concerns. */
  profiles?: ProfileRef[];
  /** Gather into the recipient's open group of this name (see {@link GROUP_WINDOW_MS}) instead of a notification of its own. */
  group?: string;
}

export interface Notification extends Omit<NotificationInput, 'dedupeKey' | 'at' | 'group'> {
  id: string;
  read: boolean;
  createdAt: string;
  /** Events gathered in a grouped notification; `title`/`body` are the first one's. */
  count?: number;
}

/** What a group of `count` notifications of a type says. */
const GROUP_TEXT: Partial<Record<NotificationType, (count: number) => { title: Text; body: Text }>> = {
  'match-proposed': (count) => ({
    title: { vi: `${count} đề xuất mới`, en: `${count} new offers` },
    body: {
      vi: `Có ${count} đề xuất kết nối mới dành cho bạn. Xem và trả lời từng đề xuất trong danh sách kết nối.`,
      en: `You have ${count} new match proposals. See and answer each one in your matches.`,
    },
  }),
};

/** The title and body a notification shows: its own, or its group's when it gathered several events. */
function shownText(n: Notification): { title: Text; body: Text; link?: string } {
  const grouped = n.count && n.count > 1 ? GROUP_TEXT[n.type]?.(n.count) : undefined;
  return grouped ?? { title: n.title, body: n.body, link: n.link };
}

export const NotificationOut = z.object({
  id: z.string(),
  type: z.enum(NOTIFICATION_TYPES),
  /** In the caller's language (Accept-Language); both languages are in `i18n`. */
  title: z.string(),
  body: z.string(),
  link: z.optional(z.string()),
  profiles: documented(
    z.optional(z.array(z.object({ kind: z.enum(['seller', 'buyer']), id: z.string(), name: z.string() }))),
    'Which of your seller or buyer profiles this is about (two when one fair suits two of your sellers)',
    [{ kind: 'seller', id: '01J8ZQ3Y2N5J1S8WG4Q6A0B9CD', name: 'HTX Vải thiều Phúc Lộc' }],
  ),
  read: z.boolean(),
  createdAt: z.string(),
  i18n: z.object({ vi: z.object({ title: z.string(), body: z.string() }), en: z.object({ title: z.string(), body: z.string() }) }),
});

export const NotificationQuery = z.strictObject({
  unread: z.optional(z.enum(['true', 'false'])),
  ...pageQuery,
});

/** The view of a notification in one language. */
export function inLanguage(n: Notification, lang: Lang) {
  const { title, body, link } = shownText(n);
  return {
    id: n.id,
    type: n.type,
    title: title[lang],
    body: body[lang],
    link,
    profiles: n.profiles,
    read: n.read,
    createdAt: n.createdAt,
    i18n: { vi: { title: title.vi, body: body.vi }, en: { title: title.en, body: body.en } },
  };
}

const tonnes = (kg: number, lang: Lang) => {
  const t = Math.round((kg / 1000) * 10) / 10;
  return lang === 'vi' ? `${String(t).replace('.', ',')} tấn` : `${t} t`;
};
const productName = (code: string, lang: Lang) => (lang === 'vi' ? productByCode(code)?.name : productByCode(code)?.nameEn) ?? code;
const provinceName = (code: string, lang: Lang) => (lang === 'vi' ? provinceByCode(code)?.name : provinceByCode(code)?.nameEn) ?? code;
const both = (f: (lang: Lang) => string): Text => ({ vi: f('vi'), en: f('en') });

type MatchData = { matchId: string; listingId: string; demandId: string; product: string; proposedKg: number; confirmedKg?: number; score: number; sellerProvince: string; deliveryProvince: string; decidedBy?: 'seller' | 'buyer' };
type BoothData = { bookingId: string; fairId: string; fairName: string; sellerName: string; province: string; startsOn: string };
type FairData = { fairId: string; name: string; province: string; startsOn: string; organiserSub: string };

/** The inbox notifications an event causes (possibly none). */
export function notificationsFor(e: Envelope): NotificationInput[] {
  const [sellerSub, buyerSub] = e.audience.subs;
  const base = (sub: string, type: NotificationType, title: Text, body: Text, link?: string): NotificationInput => ({ sub, type, title, body, link, dedupeKey: `${e.id}:${sub}`, at: e.time });
  switch (e.name) {
    case 'MatchProposed': {
      const d = e.data as MatchData;
      const title = both((l) => (l === 'vi' ? `Kết nối mới: ${productName(d.product, l)}` : `New match: ${productName(d.product, l)}`));
      const body = both((l) =>
        l === 'vi'
          ? `Đề xuất ${tonnes(d.proposedKg, l)} từ ${provinceName(d.sellerProvince, l)} đến ${provinceName(d.deliveryProvince, l)}, điểm phù hợp ${Math.round(d.score * 100)}/100.`
          : `Proposed ${tonnes(d.proposedKg, l)} from ${provinceName(d.sellerProvince, l)} to ${provinceName(d.deliveryProvince, l)}, fit ${Math.round(d.score * 100)}/100.`,
      );
      return e.audience.subs.map((sub) => ({ ...base(sub, 'match-proposed', title, body, `/v1/matches/${d.matchId}`), group: 'match-proposed' }));
    }
    case 'MatchAccepted':
    case 'MatchDeclined': {
      const d = e.data as MatchData;
      const accepted = e.name === 'MatchAccepted';
      const other = d.decidedBy === 'seller' ? buyerSub : sellerSub;
      if (!other) return [];
      const who = both((l) => (d.decidedBy === 'seller' ? (l === 'vi' ? 'Bên bán' : 'The seller') : l === 'vi' ? 'Bên mua' : 'The buyer'));
      const title = both((l) => (accepted ? (l === 'vi' ? 'Đối tác đã đồng ý kết nối' : 'Your match was accepted') : l === 'vi' ? 'Đối tác đã từ chối kết nối' : 'Your match was declined'));
      const body = both((l) =>
        l === 'vi'
          ? `${who.vi} đã ${accepted ? 'đồng ý' : 'từ chối'} ${tonnes(d.proposedKg, l)} ${productName(d.product, l)}.${accepted ? ' Hãy xác nhận để chốt.' : ''}`
          : `${who.en} ${accepted ? 'accepted' : 'declined'} ${tonnes(d.proposedKg, l)} of ${productName(d.product, l)}.${accepted ? ' Accept too to confirm.' : ''}`,
      );
      return [base(other, accepted ? 'match-accepted' : 'match-declined', title, body, `/v1/matches/${d.matchId}`)];
    }
    case 'MatchConfirmed': {
      const d = e.data as MatchData;
      const title = both((l) => (l === 'vi' ? 'Kết nối đã được xác nhận' : 'Match confirmed'));
      const body = both((l) =>
        l === 'vi' ? `Đã chốt ${tonnes(d.confirmedKg ?? d.proposedKg, l)} ${productName(d.product, l)}.` : `${tonnes(d.confirmedKg ?? d.proposedKg, l)} of ${productName(d.product, l)} confirmed.`,
      );
      return e.audience.subs.map((sub) => base(sub, 'match-confirmed', title, body, `/v1/matches/${d.matchId}`));
    }
    case 'BoothBooked':
    case 'BoothCancelled': {
      const d = e.data as BoothData;
      const booked = e.name === 'BoothBooked';
      const title = both((l) => (booked ? (l === 'vi' ? 'Đã đặt gian hàng' : 'Booth booked') : l === 'vi' ? 'Đã hủy đặt gian hàng' : 'Booth booking cancelled'));
      const body = both((l) =>
        l === 'vi'
          ? `${d.sellerName} — ${d.fairName}, ${provinceName(d.province, l)}, khai mạc ${d.startsOn}.`
          : `${d.sellerName} — ${d.fairName}, ${provinceName(d.province, l)}, opening ${d.startsOn}.`,
      );
      return e.audience.subs.map((sub) => base(sub, booked ? 'booth-booked' : 'booth-cancelled', title, body, `/v1/fairs/${d.fairId}`));
    }
    case 'FairCancelled': {
      const d = e.data as FairData;
      const title = both((l) => (l === 'vi' ? 'Hội chợ đã bị hủy' : 'Fair cancelled'));
      const body = both((l) => (l === 'vi' ? `${d.name} (${provinceName(d.province, l)}, ${d.startsOn}) đã bị hủy.` : `${d.name} (${provinceName(d.province, l)}, ${d.startsOn}) was cancelled.`));
      return e.audience.subs.filter((s) => s !== d.organiserSub).map((sub) => base(sub, 'fair-cancelled', title, body, `/v1/fairs/${d.fairId}`));
    }
    default:
      return [];
  }
}

/** A user's notifications, newest first; `unread` keeps only unread ones. */
export async function listNotifications(deps: Deps, caller: Caller, unreadOnly: boolean, page: PageRequest): Promise<Page<Notification>> {
  return deps.notifications.list(caller.sub, unreadOnly, page);
}

/** Marks one of the caller's notifications read; another user's gets 404. */
export async function markNotificationRead(deps: Deps, caller: Caller, id: string): Promise<Notification> {
  const n = await deps.notifications.markRead(caller.sub, id);
  if (!n) throw new NotFoundError('not-found', { resource: 'notification', id });
  return n;
}
