/** The channels' senders for a configuration: SES v2 (or its emulator) and SMS (or the local recorder). */
import type { AlertSenders } from '#domain/ports.ts';
import type { Config } from '#functions/config.ts';
import type { Store } from '#functions/data/store.ts';
import { sesClient, sesEmailSender } from '#functions/alerts/email.ts';
import { endUserMessagingSmsSender, recordingSmsSender } from '#functions/alerts/sms.ts';

export function alertSenders(config: Config, store: Store): AlertSenders {
  return {
    email: sesEmailSender(sesClient(config.AWS_REGION, config.SES_ENDPOINT), config.ALERT_FROM_EMAIL ?? 'Kết Nối <no-reply@ketnoi.vn>', config.SES_CONFIGURATION_SET),
    sms: config.KETNOI_MODE === 'local' ? recordingSmsSender(store, () => new Date()) : endUserMessagingSmsSender(config.AWS_REGION, config.SMS_ORIGINATION_IDENTITY),
  };
}
