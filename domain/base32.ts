/** Crockford's base32 alphabet (no I, L, O, U), the one ULIDs use; ids built from hashes use it too so they pass the same validation. */
export const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The first `chars` Crockford base32 characters of `bytes`, most significant bit first (at most 8 · bytes / 5). */
export function crockfordBase32(bytes: Uint8Array, chars: number): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < chars) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    if (out.length === chars) break;
    value &= (1 << bits) - 1;
  }
  return out;
}
