/**
 * The AWS KMS key-encryption key for webhook secrets (`secret-box.ts`), in its own module so
 * that only the functions that seal or open secrets bundle the KMS client.
 */
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import type { KeyWrapper } from '#functions/webhooks/secret-box.ts';

const KMS_CONTEXT = { purpose: 'ketnoi-webhook-secret' };

/** AWS KMS: data keys from `GenerateDataKey`, opened with `Decrypt` (both under an encryption context). */
export function kmsKeyWrapper(keyId: string, region: string): KeyWrapper {
  const kms = new KMSClient({ region });
  return {
    async newDataKey() {
      const out = await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: KMS_CONTEXT }));
      if (!out.Plaintext || !out.CiphertextBlob) throw new Error('KMS returned no data key');
      return { plaintext: Buffer.from(out.Plaintext), wrapped: Buffer.from(out.CiphertextBlob) };
    },
    async unwrap(wrapped) {
      const out = await kms.send(new DecryptCommand({ KeyId: keyId, CiphertextBlob: wrapped, EncryptionContext: KMS_CONTEXT }));
      if (!out.Plaintext) throw new Error('KMS returned no plaintext');
      return Buffer.from(out.Plaintext);
    },
  };
}
