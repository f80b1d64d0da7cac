/**
 * Alerts outside the app: every inbox notice may also go out by e-mail and SMS, per person and
 * per notice type, in the person's language, with a link to the portal page of the thing.
 *
 * - Channels: the inbox always; e-mail and SMS when the person has the address and the type is
 *   on for that channel. Defaults by role: a retailer gets e-mail for proposed matches; a
 *   cooperative SMS for proposed and confirmed matches and fair suggestions. Everyone is told of
 *   the decision on their role request on every channel they gave.
 * - Digest: instead of one message per notice, one message a day per channel at 07:00 Vietnam
 *   time with everything since the last one.
 * - Quiet hours: no SMS between 21:00 and 07:00 Vietnam time; an SMS due then waits until 07:00.
 * - SMS text is Vietnamese (or English) without diacritics, so it fits the GSM-7 alphabet:
 *   160 characters per segment instead of 70 in UCS-2; we keep one segment.
 * - Every message is a delivery with a status; failures retry with backoff; a delivery that
 *   fails every attempt is `failed` and the person is told in the inbox.
 */
import type * as z from 'zod/mini';
import type { AlertPreferencesOut, AlertPreferencesPatch } from '#domain/alert-schemas.ts';
import { NOTIFICATION_TYPES, type NotificationInput, type NotificationType } from '#domain/notifications.ts';
import type { Caller, Role } from '#domain/access.ts';
import { ConflictError, TooManyRequestsError, UnavailableError, ValidationError, fieldIssue } from '#domain/errors.ts';
import type { Lang } from '#domain/messages.ts';
import type { Deps, NotificationSink, OutgoingEmail } from '#domain/ports.ts';
import { PreconditionFailedError, PreconditionRequiredError } from '#domain/errors.ts';
import { CROCKFORD } from '#domain/base32.ts';

export const ALERT_CHANNELS = ['email', 'sms'] as const;
export type AlertChannel = (typeof ALERT_CHANNELS)[number];

/** Types that may go out on a channel (a delivery failure is only ever shown in the inbox). */
export const ALERTABLE_TYPES = NOTIFICATION_TYPES.filter((t) => t !== 'alert-failed');

/** A confirmation code sent to an address, kept as a hash until it is used or replaced. */
export interface AddressCheck {
  to: string;
  codeHash: string;
  expiresAt: string;
  sentAt: string;
  tries: number;
}
export type AlertPreferences = Omit<z.infer<typeof AlertPreferencesOut>, 'channels' | 'quietHours' | 'role' | 'emailVerified' | 'phoneVerified'> & {
  role?: Role;
  /** The address each channel was confirmed for; a changed address is unconfirmed again. */
  verified?: { email?: string; sms?: string };
  /** The code waiting to be confirmed, per channel. */
  checks?: { email?: AddressCheck; sms?: AddressCheck };
  /** Undefined: the role's defaults. */
  channels?: { email: NotificationType[]; sms: NotificationType[] };
};

const ALWAYS: NotificationType[] = ['role-request-decided'];
const DEFAULTS: Partial<Record<Role, { email: NotificationType[]; sms: NotificationType[] }>> = {
  retailer: { email: ['match-proposed'], sms: [] },
  cooperative: { email: [], sms: ['match-proposed', 'match-confirmed', 'fair-suggested'] },
};

/** The types on for each channel: the person's choice, or their role's defaults. */
export function channelTypes(p: Pick<AlertPreferences, 'channels' | 'role'>): { email: NotificationType[]; sms: NotificationType[] } {
  const base = p.channels ?? (p.role && DEFAULTS[p.role]) ?? { email: [], sms: [] };
  return { email: [...new Set([...ALWAYS, ...base.email])], sms: [...new Set([...ALWAYS, ...base.sms])] };
}

/** The address a channel sends to. */
const addressOf = (p: Pick<AlertPreferences, 'email' | 'phone'>, channel: AlertChannel) => (channel === 'email' ? p.email : p.phone);
/** True when the channel's current address was confirmed with its code. */
export const isVerified = (p: Pick<AlertPreferences, 'email' | 'phone' | 'verified'>, channel: AlertChannel) => {
  const to = addressOf(p, channel);
  return !!to && p.verified?.[channel] === to;
};

/** The preferences as the API shows them, defaults filled in (the codes' hashes are not in the output schema). */
export const preferencesView = (p: AlertPreferences) => ({
  ...p,
  channels: channelTypes(p),
  quietHours: { sms: '21:00-07:00 Asia/Ho_Chi_Minh' },
  emailVerified: isVerified(p, 'email'),
  phoneVerified: isVerified(p, 'sms'),
});

// ---- Confirming an address ----------------------------------------------------------------------

const CODE_TTL_MS = 30 * 60_000;
const CODE_TRIES = 5;
const RESEND_AFTER_MS = 60_000;
// Web Crypto (global in Node 22 and browsers): no node:crypto in the domain.
async function codeHash(sub: string, channel: AlertChannel, to: string, code: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${sub}|${channel}|${to}|${code}`));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
/** Six random digits, uniform (values at the top of the 32-bit range are drawn again). */
function newCode(): string {
  const buf = new Uint32Array(1);
  do crypto.getRandomValues(buf);
  while (buf[0] >= 4_294_000_000);
  return String(buf[0] % 1_000_000).padStart(6, '0');
}

const CODE_TEXT = {
  vi: { title: 'Mã xác nhận Kết Nối', body: (code: string) => `Mã xác nhận địa chỉ nhận tin của bạn là ${code}, dùng được trong 30 phút. Nếu bạn không yêu cầu, hãy bỏ qua tin này.` },
  en: { title: 'Kết Nối confirmation code', body: (code: string) => `Your code to confirm this address for alerts is ${code}, valid for 30 minutes. If you did not ask for it, ignore this message.` },
};

/**
 * Sends a new confirmation code to each channel whose address is set but neither confirmed nor
 * already waiting for a code (or, with `force`, to `force` anew); returns the preferences with
 * the checks to store. The code goes out at once, whatever the quiet hours or the digest.
 */
async function sendCodes(deps: Pick<Deps, 'alertPreferences' | 'alertDeliveries' | 'clock'>, p: AlertPreferences, force?: AlertChannel): Promise<AlertPreferences> {
  const now = deps.clock.now();
  let next = p;
  for (const channel of ALERT_CHANNELS) {
    const to = addressOf(p, channel);
    const pending = p.checks?.[channel];
    if (!to || isVerified(p, channel)) continue;
    if (channel !== force && pending?.to === to) continue;
    const code = newCode();
    const check: AddressCheck = { to, codeHash: await codeHash(p.sub, channel, to, code), expiresAt: new Date(now.getTime() + CODE_TTL_MS).toISOString(), sentAt: now.toISOString(), tries: 0 };
    next = { ...next, checks: { ...next.checks, [channel]: check } };
    const text = CODE_TEXT[p.lang];
    await deps.alertDeliveries.create({
      id: alertDeliveryId(`check:${check.codeHash}`, channel),
      sub: p.sub,
      channel,
      to,
      lang: p.lang,
      type: 'address-check',
      title: text.title,
      body: text.body(code),
      digest: false,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now.toISOString(),
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    });
  }
  return next;
}

/**
 * Runs a change of the caller's settings that needs no version from the caller (the code, or the
 * signed unsubscribe link, is the proof), again on the latest copy when another change got in first.
 */
async function withLatest<T>(change: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await change();
    } catch (err) {
      if (!(err instanceof PreconditionFailedError)) throw err;
      if (attempt >= 4) throw new UnavailableError('busy-retry');
      // Spread out the writers that collided, so they do not collide again.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** attempt));
    }
  }
}

/** Sends the caller a new code for `channel` (at most one a minute). */
export const resendCode = (deps: Pick<Deps, 'alertPreferences' | 'alertDeliveries' | 'clock'>, caller: Caller, channel: AlertChannel) => withLatest(() => resendCodeOnce(deps, caller, channel));
async function resendCodeOnce(deps: Pick<Deps, 'alertPreferences' | 'alertDeliveries' | 'clock'>, caller: Caller, channel: AlertChannel): Promise<AlertPreferences> {
  const current = await getAlertPreferences(deps, caller);
  if (!addressOf(current, channel)) throw new ValidationError([fieldIssue('channel', 'contact-needed', { channel: channel === 'email' ? 'email' : 'phone' })]);
  if (isVerified(current, channel)) throw new ConflictError('address-verified', { channel });
  const last = current.checks?.[channel];
  const wait = last ? Date.parse(last.sentAt) + RESEND_AFTER_MS - deps.clock.now().getTime() : 0;
  if (last?.to === addressOf(current, channel) && wait > 0) throw new TooManyRequestsError('code-resend-too-soon', {}, Math.ceil(wait / 1000));
  const next = await sendCodes(deps, { ...current, version: current.version + 1, updatedAt: deps.clock.now().toISOString() }, channel);
  await deps.alertPreferences.put(next);
  return next;
}

/** Confirms the caller's address on `channel` with the code sent to it; 5 wrong tries use the code up. */
export const confirmAddress = (deps: Pick<Deps, 'alertPreferences' | 'alertDeliveries' | 'clock'>, caller: Caller, channel: AlertChannel, code: string) => withLatest(() => confirmAddressOnce(deps, caller, channel, code));
async function confirmAddressOnce(deps: Pick<Deps, 'alertPreferences' | 'alertDeliveries' | 'clock'>, caller: Caller, channel: AlertChannel, code: string): Promise<AlertPreferences> {
  const current = await getAlertPreferences(deps, caller);
  const to = addressOf(current, channel);
  if (to && isVerified(current, channel)) return current;
  const check = current.checks?.[channel];
  const now = deps.clock.now();
  if (!to || !check || check.to !== to || check.tries >= CODE_TRIES || Date.parse(check.expiresAt) <= now.getTime()) throw new ConflictError('no-code-pending', { channel });
  const stamp = { version: current.version + 1, updatedAt: now.toISOString() };
  if ((await codeHash(current.sub, channel, to, code)) !== check.codeHash) {
    await deps.alertPreferences.put({ ...current, ...stamp, checks: { ...current.checks, [channel]: { ...check, tries: check.tries + 1 } } });
    throw new ValidationError([fieldIssue('code', 'code-wrong', { left: CODE_TRIES - check.tries - 1 })]);
  }
  const { [channel]: _used, ...otherChecks } = current.checks ?? {};
  const next: AlertPreferences = { ...current, ...stamp, verified: { ...current.verified, [channel]: to }, checks: otherChecks };
  await deps.alertPreferences.put(next);
  return next;
}

/** Codes for addresses a role request gave (they start unconfirmed, like any other). */
export async function confirmNewAddresses(deps: Pick<Deps, 'alertPreferences' | 'alertDeliveries' | 'clock'>, sub: string): Promise<void> {
  const current = await deps.alertPreferences.get(sub);
  if (!current) return;
  const next = await sendCodes(deps, { ...current, version: current.version + 1, updatedAt: deps.clock.now().toISOString() });
  if (next.checks !== current.checks) await deps.alertPreferences.put(next);
}

const emptyPreferences = (sub: string, now: Date, role?: Role): AlertPreferences => ({ sub, lang: 'vi', role, digest: false, version: 0, createdAt: now.toISOString(), updatedAt: now.toISOString() });

/** The caller's settings (defaults when they have none yet). */
export async function getAlertPreferences(deps: Pick<Deps, 'alertPreferences' | 'clock'>, caller: Caller): Promise<AlertPreferences> {
  return (await deps.alertPreferences.get(caller.sub)) ?? emptyPreferences(caller.sub, deps.clock.now(), caller.roles[0]);
}

/** Changes the caller's settings; `null` removes an address. A channel with types needs its address. */
export async function updateAlertPreferences(deps: Pick<Deps, 'alertPreferences' | 'alertDeliveries' | 'clock'>, caller: Caller, patch: z.infer<typeof AlertPreferencesPatch>, ifMatch: number | undefined): Promise<AlertPreferences> {
  const current = await getAlertPreferences(deps, caller);
  const expected = patch.version ?? ifMatch;
  if (expected === undefined) throw new PreconditionRequiredError('version-required');
  if (expected !== current.version) throw new PreconditionFailedError('version-mismatch', { resource: 'alert preferences', sent: expected });
  const { version: _v, email, phone, ...rest } = patch;
  const next: AlertPreferences = {
    ...current,
    ...rest,
    email: email === null ? undefined : (email ?? current.email),
    phone: phone === null ? undefined : (phone ?? current.phone),
    role: current.role ?? caller.roles[0],
    version: current.version + 1,
    updatedAt: deps.clock.now().toISOString(),
  };
  const issues = [];
  if (patch.channels?.email.length && !next.email) issues.push(fieldIssue('channels.email', 'contact-needed', { channel: 'email' }));
  if (patch.channels?.sms.length && !next.phone) issues.push(fieldIssue('channels.sms', 'contact-needed', { channel: 'phone' }));
  if (issues.length) throw new ValidationError(issues);
  const withCodes = await sendCodes(deps, next);
  await deps.alertPreferences.put(withCodes);
  return withCodes;
}

/** Turns one type (or every type) off on one channel: what an unsubscribe link does. */
export function unsubscribe(deps: Pick<Deps, 'alertPreferences' | 'clock'>, sub: string, channel: AlertChannel, type: NotificationType | '*'): Promise<AlertPreferences> {
  return withLatest(async () => {
    const current = (await deps.alertPreferences.get(sub)) ?? emptyPreferences(sub, deps.clock.now());
    const types = channelTypes(current);
    const kept = type === '*' ? [] : types[channel].filter((t) => t !== type);
    // Already off (a second click, or mail clients that POST the link twice): nothing to write.
    if (kept.length === types[channel].length && current.version > 0) return current;
    types[channel] = kept;
    const next: AlertPreferences = { ...current, channels: types, version: current.version + 1, updatedAt: deps.clock.now().toISOString() };
    await deps.alertPreferences.put(next);
    return next;
  });
}

// ---- Deliveries ---------------------------------------------------------------------------------

export const ALERT_STATUSES = ['pending', 'sent', 'failed'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export interface AlertDelivery {
  /** Deterministic per (source notice, channel): the dedupe guard. */
  id: string;
  sub: string;
  channel: AlertChannel;
  to: string;
  lang: Lang;
  /** The notice's type, or `address-check` for a confirmation code. */
  type: NotificationType | 'address-check';
  /** The notice it carries, rendered for the channel when it was enqueued. */
  title: string;
  body: string;
  /** Absolute portal URL of the thing. */
  link?: string;
  digest: boolean;
  status: AlertStatus;
  attempts: number;
  nextAttemptAt?: string;
  /** Set while a worker is sending it; another worker leaves it alone until the lease ends. */
  leaseUntil?: string;
  lastError?: string;
  sentAt?: string;
  messageId?: string;
  createdAt: string;
  updatedAt: string;
}

/** Attempt n+1 waits ALERT_RETRY_MS[n] after attempt n fails; after the last one the delivery is failed. */
export const ALERT_RETRY_MS = [0, 30_000, 120_000, 600_000, 3_600_000, 6 * 3_600_000] as const;
export const ALERT_MAX_ATTEMPTS = ALERT_RETRY_MS.length;

const VN_OFFSET_MS = 7 * 3_600_000;
const QUIET_FROM_H = 21;
const QUIET_TO_H = 7;
export const DIGEST_HOUR = 7;

/** Hour of the day in Vietnam (UTC+7, no daylight saving). */
export const vietnamHour = (t: Date) => new Date(t.getTime() + VN_OFFSET_MS).getUTCHours();

/** The next moment it is `hour`:00 in Vietnam, strictly after `t`. */
export function nextVietnamHour(t: Date, hour: number): Date {
  const local = new Date(t.getTime() + VN_OFFSET_MS);
  const candidate = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), hour) - VN_OFFSET_MS;
  return new Date(candidate > t.getTime() ? candidate : candidate + 86_400_000);
}

/** True between 21:00 and 07:00 in Vietnam. */
export const inQuietHours = (t: Date) => vietnamHour(t) >= QUIET_FROM_H || vietnamHour(t) < QUIET_TO_H;

/** When a message may go out at the earliest: SMS wait out quiet hours; digests wait for 07:00. */
export function earliestSend(channel: AlertChannel, digest: boolean, at: Date): Date {
  if (digest) return nextVietnamHour(at, DIGEST_HOUR);
  if (channel === 'sms' && inQuietHours(at)) return nextVietnamHour(at, QUIET_TO_H);
  return at;
}

/** Where the portal shows the thing an API link points at (`/v1/matches/X` → `<portal>/matches/X`). */
export const portalLink = (portalUrl: string, apiLink: string | undefined) => (apiLink ? portalUrl.replace(/\/$/, '') + apiLink.replace(/^\/v1(?=\/)/, '') : undefined);

/**
 * The channel consumers: turn an inbox notice into a pending delivery on each channel the
 * person wants it on (their preferences read once for all channels). Keyed on the notice's
 * dedupe key (the event id and the person) and the channel, so a re-delivered event never makes
 * a second message. Resolves with the channels that got a new delivery.
 */
export async function enqueueAlerts(deps: Pick<Deps, 'alertPreferences' | 'alertDeliveries' | 'clock'>, n: NotificationInput, portalUrl: string): Promise<AlertChannel[]> {
  const prefs = await deps.alertPreferences.get(n.sub);
  if (!prefs) return [];
  const created = await Promise.all(ALERT_CHANNELS.map((channel) => enqueueOn(deps, channel, prefs, n, portalUrl)));
  return ALERT_CHANNELS.filter((_, i) => created[i]);
}

async function enqueueOn(deps: Pick<Deps, 'alertDeliveries' | 'clock'>, channel: AlertChannel, prefs: AlertPreferences, n: NotificationInput, portalUrl: string): Promise<boolean> {
  const to = addressOf(prefs, channel);
  if (!to || !isVerified(prefs, channel) || !channelTypes(prefs)[channel].includes(n.type)) return false;
  const now = deps.clock.now();
  const ts = now.toISOString();
  const lang = prefs.lang;
  return deps.alertDeliveries.create({
    id: alertDeliveryId(n.dedupeKey, channel),
    sub: n.sub,
    channel,
    to,
    lang,
    type: n.type,
    title: n.title[lang],
    body: n.body[lang],
    link: portalLink(portalUrl, n.link),
    digest: prefs.digest,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: earliestSend(channel, prefs.digest, now).toISOString(),
    createdAt: ts,
    updatedAt: ts,
  });
}

/** A stable id for (notice, channel): 26 Crockford characters of a hash (FNV-1a, twice seeded). */
export function alertDeliveryId(dedupeKey: string, channel: AlertChannel): string {
  let out = '';
  for (let seed = 0; out.length < 26; seed++) {
    let h = 0x811c9dc5 ^ seed;
    for (const ch of `${channel}|${dedupeKey}|${seed}`) h = Math.imul(h ^ ch.codePointAt(0)!, 0x01000193) >>> 0;
    for (let i = 0; i < 6 && out.length < 26; i++, h >>>= 5) out += CROCKFORD[h & 31];
  }
  return out;
}

// ---- Rendering ----------------------------------------------------------------------------------

/** GSM-7 safe text: Vietnamese letters lose their marks (đ → d), anything else outside ASCII goes. */
export function smsSafe(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[–—]/g, '-')
    .replace(/₫/g, 'd')
    .replace(/[^\x20-\x7e\n]/g, '')
    .replace(/[`{}[\]~^|\\]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export const SMS_SEGMENT = 160;
const SMS_PREFIX = 'KetNoi: ';

/** One SMS segment: "KetNoi: <title>. <body> <link>", the body (then the title) cut to fit. */
export function renderSms(items: Pick<AlertDelivery, 'title' | 'body' | 'link' | 'lang'>[], digestLink?: string): string {
  if (items.length > 1) {
    const lang = items[0].lang;
    const head = lang === 'vi' ? `${items.length} tin moi` : `${items.length} new alerts`;
    const titles = smsSafe(items.map((i) => i.title).join('; '));
    const link = digestLink ? ` ${digestLink}` : '';
    return fit(`${SMS_PREFIX}${head}: `, titles, link);
  }
  const [item] = items;
  const link = item.link ? ` ${item.link}` : '';
  const title = smsSafe(item.title);
  const body = smsSafe(item.body);
  const full = `${SMS_PREFIX}${title}. ${body}${link}`;
  if (full.length <= SMS_SEGMENT) return full;
  return fit(`${SMS_PREFIX}`, `${title}. ${body}`, link);
}

function fit(head: string, middle: string, tail: string): string {
  const room = SMS_SEGMENT - head.length - tail.length;
  return head + (middle.length <= room ? middle : middle.slice(0, Math.max(0, room - 3)).trimEnd() + '...') + tail;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The e-mail for one notice or a digest of several, with an unsubscribe link (no sign-in needed). */
export function renderEmail(items: Pick<AlertDelivery, 'title' | 'body' | 'link' | 'lang' | 'to'>[], unsubscribeUrl: string): OutgoingEmail {
  const lang = items[0].lang;
  const vi = lang === 'vi';
  const subject = items.length === 1 ? `Kết Nối: ${items[0].title}` : vi ? `Kết Nối: ${items.length} tin mới hôm nay` : `Kết Nối: ${items.length} new alerts today`;
  const open = vi ? 'Xem' : 'Open';
  const stop = vi ? 'Ngừng nhận loại thư này' : 'Stop these e-mails';
  const text = [...items.map((i) => `${i.title}\n${i.body}${i.link ? `\n${open}: ${i.link}` : ''}`), `${stop}: ${unsubscribeUrl}`].join('\n\n');
  const html =
    `<!doctype html><html lang="${lang}"><body>` +
    items.map((i) => `<h3>${escapeHtml(i.title)}</h3><p>${escapeHtml(i.body)}</p>${i.link ? `<p><a href="${escapeHtml(i.link)}">${open}</a></p>` : ''}`).join('') +
    `<p style="font-size:small"><a href="${escapeHtml(unsubscribeUrl)}">${stop}</a></p></body></html>`;
  return {
    to: items[0].to,
    subject,
    text,
    html,
    // RFC 8058 one-click unsubscribe: mail clients POST to the URL.
    headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}

/** After a failed attempt: pending with the next due time (quiet hours respected), or failed after the last one. */
export function afterFailure(d: AlertDelivery, error: string, now: Date): AlertDelivery {
  const attempts = d.attempts + 1;
  const base = { ...d, attempts, lastError: error.slice(0, 300), leaseUntil: undefined, updatedAt: now.toISOString() };
  if (attempts >= ALERT_MAX_ATTEMPTS) return { ...base, status: 'failed', nextAttemptAt: undefined };
  const due = earliestSend(d.channel, false, new Date(now.getTime() + ALERT_RETRY_MS[attempts]));
  return { ...base, status: 'pending', nextAttemptAt: due.toISOString() };
}

/** The inbox notice for a delivery that failed every attempt. */
export function failureNotice(d: AlertDelivery): NotificationInput {
  const ch = d.channel === 'email' ? { vi: 'e-mail', en: 'e-mail' } : { vi: 'SMS', en: 'SMS' };
  return {
    sub: d.sub,
    type: 'alert-failed',
    title: { vi: `Không gửi được ${ch.vi}`, en: `Could not send an ${ch.en}` },
    body: { vi: `Không gửi được "${d.title}" tới ${d.to} sau ${d.attempts} lần thử. Hãy kiểm tra địa chỉ trong cài đặt thông báo.`, en: `"${d.title}" could not be sent to ${d.to} after ${d.attempts} attempts. Check the address in your alert settings.` },
    link: '/v1/me/alert-preferences',
    dedupeKey: `alert-failed:${d.id}`,
  };
}

export type { NotificationSink };
