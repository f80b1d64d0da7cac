import { describe, expect, it } from 'vitest';
import { loadConfig } from '#functions/config.ts';
import { makeDeps } from '#functions/deps.ts';
import { ALL_REPOSITORIES, sellers } from '#functions/repositories.ts';

const config = loadConfig({ TABLE_NAME: 'wiring', CURSOR_KEY: Buffer.alloc(32, 1).toString('base64'), KETNOI_MODE: 'local' });

describe('per-function wiring', () => {
  it('builds the repositories an entry names and refuses, by name, one it did not', () => {
    const deps = makeDeps(config, { repositories: { sellers } });
    expect(typeof deps.sellers.get).toBe('function');
    expect(() => deps.buyers).toThrow('the buyers repository is not wired into this function');
    expect(() => deps.notifications.add).toThrow('the notifications repository is not wired');
  });

  it('builds every part from ALL_REPOSITORIES, as the local runtime and the background functions use it', () => {
    const deps = makeDeps(config, { repositories: ALL_REPOSITORIES });
    for (const name of Object.keys(ALL_REPOSITORIES) as (keyof typeof ALL_REPOSITORIES)[]) expect(deps[name], name).toBeTypeOf('object');
  });
});
