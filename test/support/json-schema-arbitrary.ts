/**
 * fast-check arbitraries from JSON Schema (the subset our OpenAPI document uses: type,
 * properties, required, additionalProperties, items, enum, const, anyOf, $ref, pattern,
 * format, min/max lengths, items and values), and the boundary values around a schema's
 * limits. Used by the contract fuzzer (test/contract-fuzz.int.test.ts).
 */
import fc from 'fast-check';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Schema = Record<string, any>;

/** Follows `$ref`s (`#/components/...`) within `root`. */
export function deref(schema: Schema, root: Schema): Schema {
  let s = schema;
  for (let i = 0; s?.$ref && i < 20; i++) s = (s.$ref as string).slice(2).split('/').reduce((node: Schema, key) => node[key], root);
  return s;
}

const isoDate = fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

/** Values the schema accepts (as far as JSON Schema can say: provinces and products are plain strings there). */
export function arbitraryOf(schema: Schema, root: Schema, depth = 0): fc.Arbitrary<unknown> {
  const s = deref(schema, root);
  if (!s || Object.keys(s).length === 0) return fc.jsonValue({ maxDepth: 1 });
  if (s.anyOf) return fc.oneof(...(s.anyOf as Schema[]).map((x) => arbitraryOf(x, root, depth + 1)));
  if ('const' in s) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...(s.enum as unknown[]));
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'string': {
      if (s.format === 'date') return isoDate;
      if (s.format === 'email') return fc.emailAddress().filter((e) => e.length <= (s.maxLength ?? 254));
      if (s.format === 'uri') return fc.webUrl();
      if (s.pattern) return fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length >= (s.minLength ?? 0) && v.length <= (s.maxLength ?? Infinity));
      const bounds = { minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 40, 40) };
      return fc
        .oneof(fc.string(bounds), fc.string({ ...bounds, unit: 'grapheme' }), fc.string({ ...bounds, unit: 'binary' }))
        .filter((v) => v.length <= (s.maxLength ?? Infinity) && v.length >= (s.minLength ?? 0));
    }
    case 'integer':
      return fc.integer({ min: s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -1_000_000), max: s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : 1_000_000_000) });
    case 'number':
      return fc.double({
        min: s.minimum ?? s.exclusiveMinimum ?? -1e9,
        max: s.maximum ?? s.exclusiveMaximum ?? 1e9,
        minExcluded: s.exclusiveMinimum !== undefined,
        maxExcluded: s.exclusiveMaximum !== undefined,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(depth > 4 ? fc.constant(null) : arbitraryOf(s.items ?? {}, root, depth + 1), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 4, 4) });
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, Schema>;
      if (depth > 4) return fc.constant({});
      const shape = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, arbitraryOf(v, root, depth + 1)]));
      return fc.record(shape, { requiredKeys: (s.required ?? []) as string[] }) as fc.Arbitrary<unknown>;
    }
    default:
      return fc.jsonValue({ maxDepth: 1 });
  }
}

/** Values at and just past the schema's limits, and values of the wrong type. */
export function boundaryValues(schema: Schema, root: Schema): unknown[] {
  const s = deref(schema, root);
  const type = Array.isArray(s?.type) ? s.type[0] : s?.type;
  const wrongTypes = [null, true, [], {}, '', 0];
  switch (type) {
    case 'string': {
      const max = s.maxLength ?? 300;
      const min = s.minLength ?? 0;
      return [
        '',
        ' ',
        '\u0000',
        'a'.repeat(max),
        'a'.repeat(max + 1),
        'ắ'.repeat(max),
        'ắ'.repeat(max + 1),
        ...(min > 0 ? ['a'.repeat(min - 1), 'a'.repeat(min)] : []),
        ' '.repeat(Math.max(1, min)),
        '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀',
        '<script>alert(1)</script>',
        "' OR 1=1 --",
        '${7*7}',
        '2027-02-29',
        '2028-02-29',
        '0000-01-01',
        '9999-12-31',
        '2027-13-01',
        ...(s.enum ? [`${s.enum[0]}x`, String(s.enum[0]).toUpperCase()] : []),
        42,
        ...wrongTypes.filter((v) => typeof v !== 'string'),
      ];
    }
    case 'integer':
    case 'number': {
      const lo = s.minimum ?? s.exclusiveMinimum ?? 0;
      const hi = s.maximum ?? s.exclusiveMaximum ?? 1e9;
      return [lo, lo - 1, lo + 0.5, hi, hi + 1, hi - 0.5, 0, -0, -1, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 1e-9, '1', '1e3', 'NaN', null, true, []];
    }
    case 'boolean':
      return ['true', 1, 0, null, 'false'];
    case 'array': {
      const max = s.maxItems ?? 20;
      const item = s.items ? fc.sample(arbitraryOf(s.items, root), { numRuns: 1, seed: 1 })[0] : 'x';
      return [[], Array(max).fill(item), Array(max + 1).fill(item), [null], ['x'], 'x', {}, null];
    }
    case 'object':
      return [{}, [], null, 'x', { unknownField: 1 }, { ownerId: 'someone-else' }, { version: 1 }, { status: 'confirmed' }];
    default:
      return wrongTypes;
  }
}
