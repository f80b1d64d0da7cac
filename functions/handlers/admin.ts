/** Lambda entry for the operations routes (see `functions/routes/admin.ts`). */
import { httpEntry } from '#functions/http/entry.ts';
import { adminRoutes } from '#functions/routes/admin.ts';
import { ALL_REPOSITORIES } from '#functions/repositories.ts';
import { eventBridgeBus } from '#functions/bus/eventbridge-bus.ts';

// Replaying a parked record is the stream function's processing: it uses what that function
// does, the EventBridge relay included.
export const handler = await httpEntry(adminRoutes, { bus: eventBridgeBus, repositories: ALL_REPOSITORIES });
