/**
 * The first-load budget: the JavaScript the sign-in and inbox screens need (the entry chunk and
 * everything it imports statically), gzipped, stays within 80 KB. Builds the portal if stale.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensurePortalBuilt, PORTAL_DIST } from '#infra/local/portal.ts';

interface Chunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  css?: string[];
}

const BUDGET_KB = 80;

/** The gzipped size of the entry chunk and its static imports, in KB. */
export function firstLoadKb(): { js: number; files: string[] } {
  const manifest = JSON.parse(readFileSync(join(PORTAL_DIST, '.vite/manifest.json'), 'utf8')) as Record<string, Chunk>;
  const entry = Object.keys(manifest).find((k) => manifest[k].isEntry)!;
  const seen = new Set<string>();
  const walk = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const dep of manifest[key].imports ?? []) walk(dep);
  };
  walk(entry);
  const files = [...seen].map((k) => manifest[k].file);
  const bytes = files.reduce((sum, f) => sum + gzipSync(readFileSync(join(PORTAL_DIST, f)), { level: 9 }).length, 0);
  return { js: bytes / 1024, files };
}

describe('portal bundle', () => {
  beforeAll(() => ensurePortalBuilt(), 120_000);

  it('ships at most 80 KB of gzipped JavaScript for the sign-in and inbox screens', () => {
    const { js, files } = firstLoadKb();
    console.log(`portal first load: ${js.toFixed(1)} KB gzipped JavaScript (${files.join(', ')})`);
    expect(files.length).toBeGreaterThan(0);
    expect(js).toBeLessThanOrEqual(BUDGET_KB);
  });
});
