/**
 * The consumers of a role decision (RoleRequestDecided): the Cognito group and the inbox notice.
 * Apart from domain/role-requests.ts, whose schemas the grant and event functions need not build.
 */
import type { Role } from '#domain/access.ts';
import type { Lang } from '#domain/messages.ts';
import type { GroupDirectory } from '#domain/ports.ts';
import type { Envelope } from '#events/envelope.ts';
import type { NotificationInput } from '#domain/notifications.ts';

type DecidedData = { requestId: string; sub: string; role: Role; decision: 'approved' | 'rejected'; reason?: string; organisationName?: string; lang: Lang };

/**
 * The group consumer: on an approval, puts the person in the role's group. In AWS this runs in
 * a Lambda whose only permission is `cognito-idp:AdminAddUserToGroup`; adding a member twice is
 * harmless, so a re-delivered event is a no-op.
 */
export async function applyRoleDecision(groups: GroupDirectory, event: Envelope): Promise<void> {
  if (event.name !== 'RoleRequestDecided') return;
  const d = event.data as DecidedData;
  if (d.decision === 'approved') await groups.addToGroup(d.sub, d.role);
}

const ROLE_NAMES: Record<Role, { vi: string; en: string }> = {
  cooperative: { vi: 'hợp tác xã / người bán', en: 'cooperative (seller)' },
  retailer: { vi: 'nhà bán lẻ / người mua', en: 'retailer (buyer)' },
  organiser: { vi: 'đơn vị tổ chức', en: 'organiser' },
  admin: { vi: 'quản trị', en: 'admin' },
};

/** The inbox notice telling the person the decision (e-mail and SMS follow from their alert settings). */
export function roleDecisionNotices(event: Envelope): NotificationInput[] {
  if (event.name !== 'RoleRequestDecided') return [];
  const d = event.data as DecidedData;
  const ok = d.decision === 'approved';
  const role = ROLE_NAMES[d.role];
  const why = (lang: Lang) => (d.reason ? (lang === 'vi' ? ` Lý do: ${d.reason}` : ` Reason: ${d.reason}`) : '');
  return [
    {
      sub: d.sub,
      type: 'role-request-decided',
      title: ok ? { vi: 'Yêu cầu tham gia đã được duyệt', en: 'Your request to join was approved' } : { vi: 'Yêu cầu tham gia bị từ chối', en: 'Your request to join was declined' },
      body: ok
        ? { vi: `Bạn đã là ${role.vi}. Hãy đăng nhập lại để dùng vai trò mới.${why('vi')}`, en: `You are now a ${role.en}. Sign in again to use it.${why('en')}` }
        : { vi: `Yêu cầu làm ${role.vi} chưa được chấp nhận.${why('vi')}`, en: `Your request to be a ${role.en} was not accepted.${why('en')}` },
      link: `/v1/me/role-requests`,
      dedupeKey: `${event.id}:${d.sub}`,
      at: event.time,
    },
  ];
}
