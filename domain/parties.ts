/**
 * Who the other party is. A proposed match shows each side the other's public summary (display
 * name, kind, province, certificates with their verification; never contact details). Once the
 * match is confirmed, its two parties, and only they, also see each other's contact (phone,
 * e-mail, contact person) and the next step ("Gọi … để thống nhất giao hàng trước …").
 *
 * Read at request time, not copied onto the match: a match is read far less often than it is
 * written by allocation, a profile can change (a new phone, a certificate verified) after the
 * proposal, and one match costs two GetItems (a page of matches one BatchGetItem). The same
 * summaries go into the match events the inbox and webhooks receive (see {@link withParties}).
 */
import * as z from 'zod/mini';
import type { Caller } from '#domain/access.ts';
import type { Lang } from '#domain/messages.ts';
import type { Deps, MatchSide } from '#domain/ports.ts';
import type { Seller } from '#domain/sellers.ts';
import type { Buyer } from '#domain/buyers.ts';
import type { Match } from '#domain/matching/matches.ts';
import { CertificationOut } from '#domain/certifications.ts';
import { productByCode } from '#domain/reference/products.ts';
import { provinceByCode } from '#domain/reference/provinces.ts';
import { todayInVietnam } from '#domain/versioning.ts';
import { documented, formatPhone } from '#domain/schemas.ts';
import type { Envelope } from '#events/envelope.ts';

type Text = { vi: string; en: string };

const KIND_NAMES: Record<string, Text> = {
  cooperative: { vi: 'hợp tác xã', en: 'cooperative' },
  enterprise: { vi: 'doanh nghiệp', en: 'enterprise' },
  household: { vi: 'hộ kinh doanh', en: 'household business' },
  supermarket: { vi: 'siêu thị', en: 'supermarket' },
  wholesale_market: { vi: 'chợ đầu mối', en: 'wholesale market' },
  commercial_centre: { vi: 'trung tâm thương mại', en: 'commercial centre' },
  exporter: { vi: 'doanh nghiệp xuất khẩu', en: 'exporter' },
  processor: { vi: 'cơ sở chế biến', en: 'processor' },
};

export const PartyContact = documented(
  z.object({ name: z.optional(z.string()), phone: z.optional(z.string()), email: z.optional(z.string()) }),
  'How to reach the party: only in a confirmed match, and only to its two parties',
  { name: 'Nguyễn Văn An', phone: '+84912345678', email: 'htx.phucloc@example.vn' },
);

export const PartyOut = documented(
  z.object({
    id: z.string(),
    name: z.string(),
    kind: documented(z.string(), 'Seller kinds: cooperative, enterprise, household; buyer kinds: supermarket, wholesale_market, commercial_centre, exporter, processor', 'cooperative'),
    province: z.string(),
    certifications: z.array(CertificationOut),
    reviewFlags: z.optional(z.array(z.string())),
    contact: z.optional(PartyContact),
  }),
  "One side of a match as the other side sees it: public profile summary, and the contact once confirmed",
  {
    id: '01J8ZQ3Y2N5J1S8WG4Q6A0B9CD',
    name: 'HTX Vải thiều Phúc Lộc',
    kind: 'cooperative',
    province: 'bac-ninh',
    certifications: [{ type: 'VietGAP', validUntil: '2027-12-31', verification: 'verified' }],
  },
);
export type Party = z.infer<typeof PartyOut>;

export const NextStepOut = documented(
  z.object({ vi: z.string(), en: z.string() }),
  'What to do now that the match is confirmed, for the side reading it',
  { vi: 'Gọi Nguyễn Văn An (HTX Vải thiều Phúc Lộc) số 0912345678 để thống nhất giao 5 tấn Vải thiều trước 10/06/2027.', en: 'Call Nguyễn Văn An (HTX Vải thiều Phúc Lộc) on 0912345678 to agree delivery of 5 t of Lychee before 10/06/2027.' },
);

/** The fields a match view adds to the match: both parties, the caller's side, and the next step. */
export const matchPartyFields = {
  seller: z.optional(PartyOut),
  buyer: z.optional(PartyOut),
  yourSides: documented(z.optional(z.array(z.enum(['seller', 'buyer']))), 'Which side(s) of the match you are on (empty for an admin)', ['buyer']),
  nextStep: z.optional(NextStepOut),
};

/** A profile's public summary; with its contact only when `withContact`. */
export function partyOf(p: Seller | Buyer, withContact: boolean): Party {
  return {
    id: p.id,
    name: p.name,
    kind: p.kind,
    province: p.province,
    certifications: 'certifications' in p ? p.certifications : [],
    ...('reviewFlags' in p && p.reviewFlags?.length ? { reviewFlags: p.reviewFlags } : {}),
    ...(withContact ? { contact: { ...p.contact } } : {}),
  };
}

/** A seller's or buyer's kind in words. */
export const kindName = (kind: string, lang: Lang) => KIND_NAMES[kind]?.[lang] ?? kind;
export const provinceName = (code: string, lang: Lang) => (lang === 'vi' ? provinceByCode(code)?.name : provinceByCode(code)?.nameEn) ?? code;
export const productName = (code: string, lang: Lang) => (lang === 'vi' ? productByCode(code)?.name : productByCode(code)?.nameEn) ?? code;
const dmy = (iso: string) => iso.split('-').reverse().join('/');
export const tonnes = (kg: number, lang: Lang) => {
  const t = Math.round((kg / 1000) * 10) / 10;
  return lang === 'vi' ? `${String(t).replace('.', ',')} tấn` : `${t} t`;
};

/** "HTX Vải thiều Phúc Lộc (hợp tác xã, Bắc Ninh)". */
export const partyLine = (p: Pick<Party, 'name' | 'kind' | 'province'>, lang: Lang) => `${p.name} (${kindName(p.kind, lang)}, ${provinceName(p.province, lang)})`;

/**
 * The next step for `side` once confirmed: call the other party by name and number (or write,
 * when it gave no phone) and agree delivery before the window opens (or, once it has, before it
 * closes).
 */
export function nextStep(side: MatchSide, m: Pick<Match, 'confirmedKg' | 'proposedKg' | 'product' | 'window'>, other: Party, today: string): Text {
  const by = dmy(m.window.from > today ? m.window.from : m.window.to);
  const c = other.contact ?? {};
  const who = c.name ? `${c.name} (${other.name})` : other.name;
  const qty = (lang: Lang) => `${tonnes(m.confirmedKg ?? m.proposedKg, lang)}${lang === 'en' ? ' of' : ''} ${productName(m.product, lang)}`;
  const what = { vi: side === 'seller' ? 'giao' : 'nhận', en: 'delivery' };
  if (c.phone) {
    return {
      vi: `Gọi ${who} số ${formatPhone(c.phone, 'vi')} để thống nhất ${what.vi} ${qty('vi')} trước ${by}.` + (c.email ? ` E-mail: ${c.email}.` : ''),
      en: `Call ${who} on ${formatPhone(c.phone, 'en')} to agree ${what.en} of ${qty('en')} before ${by}.` + (c.email ? ` E-mail: ${c.email}.` : ''),
    };
  }
  if (c.email) {
    return { vi: `Gửi e-mail cho ${who} (${c.email}) để thống nhất ${what.vi} ${qty('vi')} trước ${by}.`, en: `E-mail ${who} (${c.email}) to agree ${what.en} of ${qty('en')} before ${by}.` };
  }
  return { vi: `Liên hệ ${who} để thống nhất ${what.vi} ${qty('vi')} trước ${by}.`, en: `Contact ${who} to agree ${what.en} of ${qty('en')} before ${by}.` };
}

/** Which sides of the match the caller is on. */
export function sidesOf(caller: Caller, m: Pick<Match, 'sellerOwnerId' | 'buyerOwnerId'>): MatchSide[] {
  const sides: MatchSide[] = [];
  if (m.sellerOwnerId === caller.sub) sides.push('seller');
  if (m.buyerOwnerId === caller.sub) sides.push('buyer');
  return sides;
}

export type MatchView = Match & { seller?: Party; buyer?: Party; yourSides: MatchSide[]; nextStep?: Text };

/**
 * Matches as the caller may see them: both parties' public summaries; their contacts and the
 * next step only in a confirmed match and only for its parties (an admin reads the match, not
 * the contacts). One batch read of the profiles for the whole list.
 */
export async function withPartyViews(deps: Deps, caller: Caller, matches: Match[]): Promise<MatchView[]> {
  if (matches.length === 0) return [];
  const { sellers, buyers } = await deps.mine.profiles(
    matches.map((m) => m.sellerId),
    matches.map((m) => m.buyerId),
  );
  const today = todayInVietnam(deps.clock.now());
  return matches.map((m) => {
    const yourSides = sidesOf(caller, m);
    const contacts = m.status === 'confirmed' && yourSides.length > 0;
    const s = sellers.get(m.sellerId);
    const b = buyers.get(m.buyerId);
    const seller = s && partyOf(s, contacts);
    const buyer = b && partyOf(b, contacts);
    // Someone on one side reads the next step towards the other; on both sides (a demo) the seller's.
    const side = yourSides[0];
    const other = side === 'seller' ? buyer : seller;
    const step = contacts && side && other ? nextStep(side, m, other, today) : undefined;
    return { ...m, seller, buyer, yourSides, ...(step ? { nextStep: step } : {}) };
  });
}

/** One match as the caller may see it (see {@link withPartyViews}). */
export async function withPartyView(deps: Deps, caller: Caller, match: Match): Promise<MatchView> {
  const [view] = await withPartyViews(deps, caller, [match]);
  return view;
}

const MATCH_EVENT_NAMES = new Set(['MatchProposed', 'MatchAccepted', 'MatchDeclined', 'MatchConfirmed']);

/**
 * A match event with both parties' summaries in `data.seller` / `data.buyer` (two GetItems),
 * so that the inbox and the webhooks can say who the other party is. In `MatchConfirmed` the
 * summaries carry the contacts and `data.nextStep` says what each side does next: its audience
 * is exactly the two parties. Other events pass through unchanged.
 */
export async function withParties(deps: Deps, e: Envelope): Promise<Envelope> {
  if (!MATCH_EVENT_NAMES.has(e.name) || e.data.seller) return e;
  const d = e.data as { sellerId: string; buyerId: string; product: string; proposedKg: number; confirmedKg?: number; window: Match['window'] };
  const [s, b] = await Promise.all([deps.sellers.get(d.sellerId), deps.buyers.get(d.buyerId)]);
  if (!s || !b) return e;
  const confirmed = e.name === 'MatchConfirmed';
  const seller = partyOf(s, confirmed);
  const buyer = partyOf(b, confirmed);
  const today = todayInVietnam(new Date(e.time));
  const steps = confirmed ? { nextStep: { seller: nextStep('seller', d, buyer, today), buyer: nextStep('buyer', d, seller, today) } } : {};
  return { ...e, data: { ...e.data, seller, buyer, ...steps } };
}
