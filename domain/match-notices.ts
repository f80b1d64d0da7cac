/**
 * Inbox wording for match events once they carry both parties (domain/parties.ts
 * `withParties`): each recipient reads which of its profiles the notice concerns, who the other
 * party is (name, kind, province, certificates; never contact details before confirmation), and,
 * once confirmed, the other party's contact and the next step.
 */
import type { Lang } from '#domain/messages.ts';
import type { MatchSide } from '#domain/ports.ts';
import { partyLine, productName, provinceName, tonnes, type Party } from '#domain/parties.ts';
import type { Envelope } from '#events/envelope.ts';

type Text = { vi: string; en: string };

/** The profile of the recipient a notification concerns. */
export interface ProfileRef {
  kind: 'seller' | 'buyer';
  id: string;
  name: string;
}

type MatchData = {
  matchId: string;
  product: string;
  proposedKg: number;
  confirmedKg?: number;
  score: number;
  sellerProvince: string;
  deliveryProvince: string;
  status: string;
  sellerDecision: string;
  buyerDecision: string;
  decidedBy?: MatchSide;
  seller?: Party;
  buyer?: Party;
  nextStep?: Record<MatchSide, Text>;
};

const both = (f: (lang: Lang) => string): Text => ({ vi: f('vi'), en: f('en') });

/** "VietGAP, đã được xác minh; OCOP 5★ (tự khai)", or "chưa có chứng nhận". */
export function certificatesLine(p: Party, lang: Lang): string {
  const held = p.certifications.filter((c) => c.verification !== 'rejected');
  if (held.length === 0) return lang === 'vi' ? 'chưa có chứng nhận' : 'no certificates';
  return held
    .map((c) => {
      const name = c.type === 'OCOP' ? `OCOP ${c.stars}★` : c.type;
      if (c.verification === 'verified') return lang === 'vi' ? `${name}, đã được xác minh` : `${name}, verified`;
      return lang === 'vi' ? `${name} (tự khai)` : `${name} (self-declared)`;
    })
    .join('; ');
}

/**
 * Which profile a match notice concerns for `sub`, and which side that is. The event's audience
 * lists the seller's owner first and the buyer's second (one entry when one user owns both).
 */
export function recipientSide(e: Envelope, sub: string): MatchSide {
  return e.audience.subs[0] === sub ? 'seller' : 'buyer';
}

export const profileRef = (side: MatchSide, p: Party): ProfileRef => ({ kind: side, id: p.id, name: p.name });

/**
 * A key that is the same for the same state of a match, so a repeated identical change (the same
 * proposal again after it was superseded, the same decision twice) never notifies twice.
 */
export const matchStateKey = (e: Envelope, sub: string) => {
  const d = e.data as MatchData;
  return `${e.name}:${d.matchId}:${d.status}:${d.sellerDecision}:${d.buyerDecision}:${d.confirmedKg ?? d.proposedKg}:${sub}`;
};

/** Title and body of a match notice for one recipient, naming its profile and the other party; undefined without parties. */
export function matchNotice(e: Envelope, sub: string): { title: Text; body: Text; profiles: ProfileRef[] } | undefined {
  const d = e.data as MatchData;
  if (!d.seller || !d.buyer) return undefined;
  const side = recipientSide(e, sub);
  const mine = side === 'seller' ? d.seller : d.buyer;
  const other = side === 'seller' ? d.buyer : d.seller;
  const product = (l: Lang) => productName(d.product, l);
  const qty = (l: Lang) => tonnes(d.confirmedKg ?? d.proposedKg, l);
  const forMine = (l: Lang) => (l === 'vi' ? `Cho ${mine.name}: ` : `For ${mine.name}: `);
  const profiles = [profileRef(side, mine)];
  switch (e.name) {
    case 'MatchProposed': {
      const title = both((l) => (l === 'vi' ? `Kết nối mới: ${product(l)} — ${other.name}` : `New match: ${product(l)} — ${other.name}`));
      const body = both((l) => {
        const fit = l === 'vi' ? `điểm phù hợp ${Math.round(d.score * 100)}/100` : `fit ${Math.round(d.score * 100)}/100`;
        if (side === 'seller') {
          return l === 'vi'
            ? `${forMine(l)}${partyLine(other, l)} cần ${qty(l)} ${product(l)}, giao tại ${provinceName(d.deliveryProvince, l)}; ${fit}.`
            : `${forMine(l)}${partyLine(other, l)} wants ${qty(l)} of ${product(l)} delivered to ${provinceName(d.deliveryProvince, l)}; ${fit}.`;
        }
        return l === 'vi'
          ? `${forMine(l)}${partyLine(other, l)} chào bán ${qty(l)} ${product(l)} từ ${provinceName(d.sellerProvince, l)} đến ${provinceName(d.deliveryProvince, l)}; chứng nhận: ${certificatesLine(other, l)}; ${fit}.`
          : `${forMine(l)}${partyLine(other, l)} offers ${qty(l)} of ${product(l)} from ${provinceName(d.sellerProvince, l)} to ${provinceName(d.deliveryProvince, l)}; certificates: ${certificatesLine(other, l)}; ${fit}.`;
      });
      return { title, body, profiles };
    }
    case 'MatchAccepted':
    case 'MatchDeclined': {
      const accepted = e.name === 'MatchAccepted';
      const title = both((l) => (accepted ? (l === 'vi' ? `${other.name} đã đồng ý kết nối` : `${other.name} accepted your match`) : l === 'vi' ? `${other.name} đã từ chối kết nối` : `${other.name} declined your match`));
      const body = both((l) =>
        l === 'vi'
          ? `${forMine(l)}${other.name} đã ${accepted ? 'đồng ý' : 'từ chối'} ${qty(l)} ${product(l)}.${accepted ? ' Hãy đồng ý để chốt.' : ''}`
          : `${forMine(l)}${other.name} ${accepted ? 'accepted' : 'declined'} ${qty(l)} of ${product(l)}.${accepted ? ' Accept too to confirm.' : ''}`,
      );
      return { title, body, profiles };
    }
    case 'MatchConfirmed': {
      const step = d.nextStep?.[side];
      const title = both((l) => (l === 'vi' ? `Đã chốt với ${other.name}` : `Confirmed with ${other.name}`));
      const body = both((l) =>
        l === 'vi'
          ? `${forMine(l)}đã chốt ${qty(l)} ${product(l)} với ${partyLine(other, l)}.${step ? ` ${step.vi}` : ''}`
          : `${forMine(l)}${qty(l)} of ${product(l)} confirmed with ${partyLine(other, l)}.${step ? ` ${step.en}` : ''}`,
      );
      return { title, body, profiles };
    }
    default:
      return undefined;
  }
}

/**
 * A match notification in the parties' words (see {@link matchNotice}), and the key of the
 * match state it announces: the consumer sends it only if no other event announced that state
 * to that recipient before (see `MineRepository.claimNotice`). Other notifications pass as they came.
 */
export function refineMatchNotice<N extends { sub: string; title: Text; body: Text; dedupeKey: string; profiles?: ProfileRef[] }>(e: Envelope, n: N): { notice: N; stateKey?: string } {
  if (!e.name.startsWith('Match')) return { notice: n };
  const notice = matchNotice(e, n.sub);
  return { notice: { ...n, ...(notice ?? {}) }, stateKey: matchStateKey(e, n.sub) };
}
