/** Lambda entry run every minute by an EventBridge schedule: sends due e-mail and SMS alerts. */
import middy from '@middy/core';
import { resolveSecrets } from '#functions/config.ts';
import { deps } from '#functions/deps.ts';
import { ALL_REPOSITORIES } from '#functions/repositories.ts';
import { alertSenders } from '#functions/alerts/senders.ts';
import { unsubscribeKey } from '#functions/alerts/unsubscribe-token.ts';
import { runDueAlerts } from '#functions/alerts/worker.ts';
import { logger, observed, recordNotificationsSent } from '#functions/observability.ts';
import { traceClient, traced } from '#functions/tracing.ts';

await resolveSecrets();
const app = deps({ instrument: traceClient, repositories: ALL_REPOSITORIES });
const senders = alertSenders(app.config, app.store);
const settings = { apiUrl: app.config.API_URL ?? app.portalUrl, unsubscribeKey: unsubscribeKey(app.config.CURSOR_KEY) };

export const handler = observed(
  traced(middy<unknown, unknown>()).handler(async () => {
    const report = await runDueAlerts(app, senders, settings);
    for (const [channel, count] of Object.entries(report.sentBy)) recordNotificationsSent(channel as keyof typeof report.sentBy, count);
    logger.info('alert worker pass', { ...report });
    return report;
  }),
);
