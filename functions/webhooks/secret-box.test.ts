import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileKeyWrapper, loadOrCreateKeyFile, secretBox, type KeyWrapper } from '#functions/webhooks/secret-box.ts';

const keyFile = () => join(mkdtempSync(join(tmpdir(), 'ketnoi-box-')), 'nested', 'webhook-secret.key');
const SECRET = 'whsec_' + Buffer.alloc(32, 9).toString('base64');

describe('secret box (local key file)', () => {
  it('seals without the plaintext and opens only with the same endpoint id', async () => {
    const box = secretBox(fileKeyWrapper(keyFile()));
    const sealed = await box.seal(SECRET, 'W1');
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain(SECRET.slice(6));
    expect(await box.seal(SECRET, 'W1')).not.toBe(sealed); // a fresh IV each time
    expect(await box.open(sealed, 'W1')).toBe(SECRET);
    await expect(box.open(sealed, 'W2')).rejects.toThrow();
    const [v, k, iv, ct, tag] = sealed.split('.');
    const flipped = Buffer.from(ct, 'base64url');
    flipped[0] ^= 1;
    await expect(box.open([v, k, iv, flipped.toString('base64url'), tag].join('.'), 'W1')).rejects.toThrow();
  });

  it('opens what another process sealed with the same key file, and nothing sealed under another key file', async () => {
    const file = keyFile();
    const sealed = await secretBox(fileKeyWrapper(file)).seal(SECRET, 'W1');
    expect(await secretBox(fileKeyWrapper(file)).open(sealed, 'W1')).toBe(SECRET);
    await expect(secretBox(fileKeyWrapper(keyFile())).open(sealed, 'W1')).rejects.toThrow();
  });

  it('creates the key file once, even when several processes start together', () => {
    const file = keyFile();
    const keys = Array.from({ length: 5 }, () => loadOrCreateKeyFile(file).toString('base64'));
    expect(new Set(keys).size).toBe(1);
    expect(readFileSync(file, 'utf8').trim()).toBe(keys[0]);
  });

  it('asks the key-encryption key for one data key per process and unwraps each stored one once', async () => {
    const inner = fileKeyWrapper(keyFile());
    const calls = { newDataKey: 0, unwrap: 0 };
    const counting: KeyWrapper = {
      newDataKey: () => (calls.newDataKey++, inner.newDataKey()),
      unwrap: (w) => (calls.unwrap++, inner.unwrap(w)),
    };
    const writer = secretBox(counting);
    const sealed = await Promise.all(Array.from({ length: 10 }, (_, i) => writer.seal(SECRET, `W${i}`)));
    expect(calls.newDataKey).toBe(1);
    const reader = secretBox(counting);
    for (const [i, s] of sealed.entries()) expect(await reader.open(s, `W${i}`)).toBe(SECRET);
    expect(calls.unwrap).toBe(1);
  });
});
