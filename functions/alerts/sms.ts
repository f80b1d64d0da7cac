/**
 * SMS through AWS End User Messaging SMS (pinpoint-sms-voice-v2 SendTextMessage) in AWS; locally
 * each SMS is recorded in the table instead, and shown with the e-mails on the local mail page.
 */
import { PinpointSMSVoiceV2Client, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { SmsSender } from '#domain/ports.ts';
import type { Store } from '#functions/data/store.ts';

export function endUserMessagingSmsSender(region: string, originationIdentity?: string, configurationSet?: string): SmsSender {
  const client = new PinpointSMSVoiceV2Client({ region, maxAttempts: 1 });
  return {
    async send(sms) {
      const out = await client.send(
        new SendTextMessageCommand({ DestinationPhoneNumber: sms.to, MessageBody: sms.text, MessageType: 'TRANSACTIONAL', OriginationIdentity: originationIdentity, ConfigurationSetName: configurationSet }),
      );
      return { messageId: out.MessageId ?? '' };
    },
  };
}

export interface RecordedSms {
  id: string;
  to: string;
  text: string;
  at: string;
}

const RECORDED_TTL_S = 7 * 86_400;
/** The partition of the recorded messages. */
const RECORDED_PK = 'LOCALSMS';

/** The local SMS channel: records each message (`LOCALSMS` / `<at>#<id>`) for the mail page and tests. */
export function recordingSmsSender(store: Store, now: () => Date): SmsSender {
  return {
    async send(sms) {
      const at = now().toISOString();
      const id = ulid();
      await store.doc.send(
        new PutCommand({
          TableName: store.tableName,
          Item: { pk: RECORDED_PK, sk: `${at}#${id}`, entity: 'local-sms', id, to: sms.to, text: sms.text, at, expiresAt: Math.floor(Date.now() / 1000) + RECORDED_TTL_S },
        }),
      );
      return { messageId: id };
    },
  };
}

/** Every recorded SMS, oldest first. */
export async function recordedSms(store: Store): Promise<RecordedSms[]> {
  const items: RecordedSms[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await store.doc.send(new QueryCommand({ TableName: store.tableName, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': RECORDED_PK }, ExclusiveStartKey: startKey, ConsistentRead: true }));
    for (const i of out.Items ?? []) items.push({ id: String(i.id), to: String(i.to), text: String(i.text), at: String(i.at) });
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return items;
}
