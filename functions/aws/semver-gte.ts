/**
 * Stands in for `semver` in the Lambda bundles (an esbuild alias in `BUNDLE_ALIASES`,
 * infra/functions.ts). The X-Ray SDK the background functions load (through Powertools Tracer)
 * and its `cls-hooked` call one function of it, `gte`, on two plain versions (Node's, and the
 * AWS SDK v2's, which we do not use); the package is 28 KiB of every background cold start.
 */

/** `a >= b` for `major.minor.patch` versions (a leading `v` and any pre-release tag ignored). */
export function gte(a: string, b: string): boolean {
  const parts = (v: string) => v.replace(/^v/, '').split(/[-+]/)[0]!.split('.').map((n) => Number(n) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0);
  return true;
}

export default { gte };
