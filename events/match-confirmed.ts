/** MatchConfirmed: Both sides accepted: the quantity is reserved on the listing and the demand. */
import { defineEvent } from '#events/envelope.ts';
import { MatchSnapshot, matchExample } from '#events/snapshots.ts';

export const MatchConfirmed = defineEvent({
  name: 'MatchConfirmed',
  source: 'ketnoi.matching',
  version: 1,
  description: 'Both sides accepted: the quantity is reserved on the listing and the demand.',
  data: MatchSnapshot,
  example: matchExample({
    status: 'confirmed',
    sellerDecision: 'accepted',
    buyerDecision: 'accepted',
    confirmedKg: 5000,
    seller: { id: '01J8ZQ3Y2N5J1S8WG4Q6A0B9CD', name: 'HTX Vải thiều Phúc Lộc', kind: 'cooperative', province: 'bac-ninh', certifications: [{ type: 'VietGAP', validUntil: '2027-12-31', verification: 'verified' }], contact: { name: 'Nguyễn Văn An', phone: '+84912345678' } },
    buyer: { id: '01J8ZQ5A6B7C8D9E0F1G2H3J4K', name: 'Siêu thị Sao Mai Mart', kind: 'supermarket', province: 'hai-phong', certifications: [], contact: { name: 'Trần Thị Bình', phone: '+842253123456', email: 'thumua@saomai.example.vn' } },
    nextStep: {
      seller: { vi: 'Gọi Trần Thị Bình (Siêu thị Sao Mai Mart) số 0225 312 3456 để thống nhất giao 5 tấn Vải thiều trước 10/06/2027.', en: 'Call Trần Thị Bình (Siêu thị Sao Mai Mart) on +84 225 312 3456 to agree delivery of 5 t of Lychee before 10/06/2027.' },
      buyer: { vi: 'Gọi Nguyễn Văn An (HTX Vải thiều Phúc Lộc) số 0912 345 678 để thống nhất nhận 5 tấn Vải thiều trước 10/06/2027.', en: 'Call Nguyễn Văn An (HTX Vải thiều Phúc Lộc) on +84 912 345 678 to agree delivery of 5 t of Lychee before 10/06/2027.' },
    },
  }),
});
