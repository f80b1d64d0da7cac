/**
 * E-mail through Amazon SES v2. In AWS the sender is a verified identity (ALERT_FROM_EMAIL);
 * locally the same client talks to the aws-ses-v2-local emulator (SES_ENDPOINT), like
 * DynamoDB Local: one code path.
 */
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { EmailSender } from '#domain/ports.ts';

export function sesClient(region: string, endpoint?: string): SESv2Client {
  return new SESv2Client({ region, maxAttempts: 1, ...(endpoint ? { endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}) });
}

export function sesEmailSender(client: SESv2Client, from: string, configurationSet?: string): EmailSender {
  return {
    async send(email) {
      const out = await client.send(
        new SendEmailCommand({
          FromEmailAddress: from,
          Destination: { ToAddresses: [email.to] },
          ConfigurationSetName: configurationSet,
          Content: {
            Simple: {
              Subject: { Data: email.subject, Charset: 'UTF-8' },
              Body: { Text: { Data: email.text, Charset: 'UTF-8' }, Html: { Data: email.html, Charset: 'UTF-8' } },
              Headers: Object.entries(email.headers).map(([Name, Value]) => ({ Name, Value })),
            },
          },
        }),
      );
      return { messageId: out.MessageId ?? '' };
    },
  };
}
