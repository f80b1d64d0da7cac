/**
 * Alerts in the local runtime: starts the SES v2 emulator (and points the alert worker's SES
 * client at it), runs the alert worker on a timer (the one-minute schedule in AWS), and serves the
 * local-only routes: sign-up and sign-in (infra/local/sign-in.ts) and the mail page
 * (infra/local/mail.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DevSecrets } from '#infra/local/auth.ts';
import { mailPage, startSesEmulator, type SesEmulator } from '#infra/local/mail.ts';
import { localSignIn } from '#infra/local/sign-in.ts';
import type { LocalRoute } from '#infra/local/server.ts';
import type { AlertWorker } from '#functions/alerts/worker.ts';

export interface LocalAlerts {
  ses: SesEmulator;
  /** Started once the API's URL is known (unsubscribe links point at it). */
  worker?: AlertWorker;
  localRoutes: LocalRoute;
  serving(apiUrl: string): void;
  stop(): Promise<void>;
}

/** Call after the function environment is set and before the handlers are loaded. */
export async function startLocalAlerts(secrets: DevSecrets, opts: { intervalMs: number }): Promise<LocalAlerts> {
  const ses = await startSesEmulator();
  process.env.ALERT_FROM_EMAIL ??= 'Kết Nối <no-reply@ketnoi.local>';
  process.env.PORTAL_URL ??= 'http://localhost:5173';
  const { deps } = await import('#functions/deps.ts');
  const { dynamoGroupDirectory } = await import('#functions/data/role-requests.ts');
  const { recordedSms } = await import('#functions/alerts/sms.ts');
  const { alertSenders } = await import('#functions/alerts/senders.ts');
  const { unsubscribeKey } = await import('#functions/alerts/unsubscribe-token.ts');
  const { startAlertWorker } = await import('#functions/alerts/worker.ts');
  // The shared dependencies are built by the runtime once this environment is set (SES above).
  let signIn: LocalRoute | undefined;
  const mail = mailPage(ses, () => recordedSms(deps().store));
  const local: LocalAlerts = {
    ses,
    localRoutes: async (req: IncomingMessage, res: ServerResponse, url: URL) =>
      (await (signIn ??= localSignIn(secrets, dynamoGroupDirectory(deps().store)))(req, res, url)) || (await mail(req, res, url)),
    serving(apiUrl) {
      const app = deps();
      // This start's emulator, given here rather than through the environment: the
      // configuration is read once per process, and the tests' workers start the runtime again.
      const senders = alertSenders({ ...app.config, SES_ENDPOINT: ses.endpoint }, app.store);
      local.worker = startAlertWorker(deps, senders, { apiUrl, unsubscribeKey: unsubscribeKey(app.config.CURSOR_KEY) }, opts);
    },
    async stop() {
      await local.worker?.stop();
      await ses.close();
    },
  };
  return local;
}
