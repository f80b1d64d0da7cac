/**
 * Encryption at rest for webhook signing secrets (envelope encryption). Each process gets one
 * data key from a key-encryption key: AWS KMS in AWS (`kms-key-wrapper.ts`, wired only into
 * the functions that handle secrets), a local key file in the local runtime (generated at first start in
 * `.local/`, like the dev signing key). A secret is sealed with AES-256-GCM under the data key,
 * with the endpoint id as additional data, so a sealed secret copied onto another endpoint does
 * not open. The stored form is `v1.<wrapped data key>.<iv>.<ciphertext>.<tag>` (base64url):
 * no plaintext secret is ever written to the table.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SecretBox } from '#domain/ports.ts';

/** Wraps data keys under a key-encryption key. */
export interface KeyWrapper {
  newDataKey(): Promise<{ plaintext: Buffer; wrapped: Buffer }>;
  unwrap(wrapped: Buffer): Promise<Buffer>;
}

/** Reads a 32-byte key (base64) from `file`, creating it on first use; concurrent first starts agree on one key. */
export function loadOrCreateKeyFile(file: string): Buffer {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(temp, randomBytes(32).toString('base64') + '\n', { mode: 0o600 });
    try {
      linkSync(temp, file); // atomic: fails if another process created the file first
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      rmSync(temp, { force: true });
    }
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
  return key;
}

const gcmSeal = (key: Buffer, plaintext: Buffer, aad: string) => {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(aad));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, ciphertext, tag: cipher.getAuthTag() };
};
const gcmOpen = (key: Buffer, parts: { iv: Buffer; ciphertext: Buffer; tag: Buffer }, aad: string) => {
  const decipher = createDecipheriv('aes-256-gcm', key, parts.iv).setAAD(Buffer.from(aad)).setAuthTag(parts.tag);
  return Buffer.concat([decipher.update(parts.ciphertext), decipher.final()]);
};

/** A local key file as the key-encryption key: data keys are wrapped with AES-256-GCM under it. */
export function fileKeyWrapper(file: string): KeyWrapper {
  const master = loadOrCreateKeyFile(file);
  const AAD = 'ketnoi-data-key';
  return {
    async newDataKey() {
      const plaintext = randomBytes(32);
      const { iv, ciphertext, tag } = gcmSeal(master, plaintext, AAD);
      return { plaintext, wrapped: Buffer.concat([iv, tag, ciphertext]) };
    },
    async unwrap(wrapped) {
      return gcmOpen(master, { iv: wrapped.subarray(0, 12), tag: wrapped.subarray(12, 28), ciphertext: wrapped.subarray(28) }, AAD);
    },
  };
}

/** Data keys opened, by wrapped form: a worker decrypts each one once, not once per attempt. */
const MAX_CACHED_KEYS = 64;

/** Seals and opens secrets under data keys from `wrapper`. */
export function secretBox(wrapper: KeyWrapper): SecretBox {
  let current: Promise<{ plaintext: Buffer; wrapped: Buffer }> | undefined;
  const opened = new Map<string, Promise<Buffer>>();
  const dataKey = (wrapped: string) => {
    let key = opened.get(wrapped);
    if (!key) {
      if (opened.size >= MAX_CACHED_KEYS) opened.delete(opened.keys().next().value!);
      key = wrapper.unwrap(Buffer.from(wrapped, 'base64url'));
      key.catch(() => opened.delete(wrapped));
      opened.set(wrapped, key);
    }
    return key;
  };
  return {
    async seal(plaintext, context) {
      current ??= wrapper.newDataKey();
      current.catch(() => (current = undefined));
      const { plaintext: key, wrapped } = await current;
      const { iv, ciphertext, tag } = gcmSeal(key, Buffer.from(plaintext, 'utf8'), context);
      return ['v1', wrapped, iv, ciphertext, tag].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
    },
    async open(sealed, context) {
      const [version, wrapped, iv, ciphertext, tag] = sealed.split('.');
      if (version !== 'v1' || !tag) throw new Error('not a sealed secret');
      const key = await dataKey(wrapped);
      const b = (s: string) => Buffer.from(s, 'base64url');
      return gcmOpen(key, { iv: b(iv), ciphertext: b(ciphertext), tag: b(tag) }, context).toString('utf8');
    },
  };
}
