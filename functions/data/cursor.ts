/**
 * Pagination cursors: DynamoDB's LastEvaluatedKey sealed with AES-256-GCM. The query's
 * fingerprint is the additional authenticated data, so a cursor only works for the query that
 * produced it, and any change to it fails to decrypt (400 bad-cursor).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { BadRequestError } from '#domain/errors.ts';

const CURSOR_TTL_MS = 24 * 3600_000;

export class CursorCodec {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('cursor key must be 32 bytes');
  }

  seal(lastKey: Record<string, unknown>, fingerprint: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(fingerprint));
    const plain = Buffer.from(JSON.stringify({ k: lastKey, t: Date.now() }));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  open(cursor: string, fingerprint: string): Record<string, unknown> {
    try {
      const raw = Buffer.from(cursor, 'base64url');
      // A decoder ignores the last character's spare bits and any stray characters; only the exact text we issued passes.
      if (raw.toString('base64url') !== cursor) throw new Error('not canonical');
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      decipher.setAAD(Buffer.from(fingerprint));
      decipher.setAuthTag(raw.subarray(12, 28));
      const plain = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
      const { k, t } = JSON.parse(plain.toString()) as { k: Record<string, unknown>; t: number };
      if (Date.now() - t > CURSOR_TTL_MS) throw new Error('expired');
      return k;
    } catch {
      throw new BadRequestError('bad-cursor');
    }
  }
}
