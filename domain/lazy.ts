/**
 * A value built on first use and kept: for lookup tables of the reference data, so a Lambda
 * function pays for the ones it uses on the request that needs them, not at cold start.
 */
export function lazily<T>(build: () => T): () => T {
  let value: T;
  let built = false;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value;
  };
}
