import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadDevSecrets, signDevToken, verifyDevToken } from '#infra/local/auth.ts';

const secrets = await loadDevSecrets(mkdtempSync(path.join(tmpdir(), 'ketnoi-auth-')));

afterEach(() => {
  vi.useRealTimers();
});

describe('the local gateway’s token check', () => {
  it('gives the same claims for a token it has already verified, and refuses it once it has expired', async () => {
    const token = await signDevToken(secrets, 'coop-1', ['cooperative'], 60);
    const first = await verifyDevToken(secrets, `Bearer ${token}`);
    expect(first).toMatchObject({ sub: 'coop-1', 'cognito:groups': '[cooperative]' });
    expect(await verifyDevToken(secrets, `Bearer ${token}`)).toEqual(first);
    vi.useFakeTimers({ now: Date.now() + 61_000 });
    expect(await verifyDevToken(secrets, `Bearer ${token}`)).toBeUndefined();
  });

  it('refuses a token signed with another key even after verifying a good one', async () => {
    const other = await loadDevSecrets(mkdtempSync(path.join(tmpdir(), 'ketnoi-auth-other-')));
    const good = await signDevToken(secrets, 'coop-2', ['cooperative']);
    const forged = await signDevToken(other, 'coop-2', ['cooperative']);
    expect(await verifyDevToken(secrets, `Bearer ${good}`)).toBeDefined();
    expect(await verifyDevToken(secrets, `Bearer ${forged}`)).toBeUndefined();
  });
});
