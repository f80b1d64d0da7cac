/** RoleRequestDecided: an admin approved or rejected a person's request for a role, or granted one directly. */
import * as z from 'zod/mini';
import { defineEvent } from '#events/envelope.ts';

export const RoleRequestDecided = defineEvent({
  name: 'RoleRequestDecided',
  source: 'ketnoi.joining',
  version: 1,
  description: "An admin approved or rejected a person's request for a role (or granted one): on approval the person joins the role's group.",
  data: () =>
    z.object({
      requestId: z.string(),
      sub: z.string(),
      role: z.enum(['cooperative', 'retailer', 'organiser', 'admin']),
      decision: z.enum(['approved', 'rejected']),
      reason: z.optional(z.string()),
      organisationName: z.optional(z.string()),
      province: z.optional(z.string()),
      decidedBy: z.string(),
      lang: z.enum(['vi', 'en']),
    }),
  example: { requestId: '01JZ8Q6V7R4N2K9T3M5P0XW1YB', sub: '8f1c2d3e-0000-4000-8000-000000000001', role: 'cooperative', decision: 'approved', organisationName: 'HTX Vải thiều Phúc Lộc', province: 'bac-ninh', decidedBy: 'admin-bac-ninh', lang: 'vi' },
});
