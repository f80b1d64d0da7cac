/**
 * Builds a Lambda entry exactly as the CDK deploys it (the esbuild options of `BUNDLING` and
 * `BUNDLE_ALIASES` in `infra/functions.ts`), for the bundle benchmark and the bundle test.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { BUNDLE_ALIASES, BUNDLING } from '#infra/functions.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface BuiltBundle {
  /** The deployed file (`index.mjs`), minified, without its source map. */
  code: Uint8Array;
  /** The source map CDK writes next to it (no sources embedded). */
  map?: Uint8Array;
  metafile: Metafile;
}

/**
 * The aliases a checkout can apply: all of them in this one; in an older one (the benchmark's
 * baseline) those whose replacement it has, as its own build did.
 */
function aliasesIn(root: string): Record<string, string> {
  if (root === ROOT) return BUNDLE_ALIASES;
  return Object.fromEntries(Object.entries(BUNDLE_ALIASES).filter(([, replacement]) => existsSync(path.resolve(root, replacement))));
}

/**
 * Bundles `entry` (a path from `root`, or an absolute path) in memory; `root` is the repository
 * root by default (the bundle benchmark passes an older checkout's to compare with it).
 * `aliases: false` builds without `BUNDLE_ALIASES`: the benchmark's floor, the SDK as it ships.
 */
export async function bundleEntry(entry: string, root = ROOT, opts: { aliases?: boolean } = {}): Promise<BuiltBundle> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: [path.resolve(root, entry)],
    outfile: path.join(root, '.local/bundle/index.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: BUNDLING.target,
    minify: BUNDLING.minify,
    sourcemap: BUNDLING.sourceMap ? 'external' : false,
    sourcesContent: BUNDLING.sourcesContent,
    mainFields: BUNDLING.mainFields,
    banner: { js: BUNDLING.banner },
    external: BUNDLING.externalModules,
    define: BUNDLING.define,
    alias: opts.aliases === false ? {} : aliasesIn(root),
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles.find((f) => f.path.endsWith('.mjs'))!.contents;
  const map = result.outputFiles.find((f) => f.path.endsWith('.map'))?.contents;
  return { code, map, metafile: result.metafile };
}
