/**
 * Local stand-in for Cognito + API Gateway's JWT authorizer: a dev signing key generated at
 * first start (kept in `.local/`, never committed), tokens signed with it, and verification
 * that puts the claims where API Gateway puts them, so handlers cannot tell the difference.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type CryptoKey } from 'jose';
import { MFA_ROLES, ROLES, type Role } from '#domain/access.ts';
import { CLAIM, MFA_CLAIM_TRUE } from '#functions/http/claims.ts';

export const ISSUER = 'https://ketnoi.local/dev-issuer';
export const AUDIENCE = 'ketnoi-local';

interface SecretsFile {
  signingKey: JWK;
  verifyKey: JWK;
  cursorKey: string;
}

export interface DevSecrets {
  signingKey: CryptoKey;
  verifyKey: CryptoKey;
  /** 32 random bytes, base64: seals pagination cursors locally. */
  cursorKey: string;
}

/** Reads `.local/dev-secrets.json`, creating it with fresh keys on first start. */
export async function loadDevSecrets(dir = join(process.cwd(), '.local')): Promise<DevSecrets> {
  const file = join(dir, 'dev-secrets.json');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const content: SecretsFile = {
      signingKey: await exportJWK(privateKey),
      verifyKey: await exportJWK(publicKey),
      cursorKey: randomBytes(32).toString('base64'),
    };
    writeFileSync(file, JSON.stringify(content, null, 2), { mode: 0o600, flag: 'wx' });
  }
  const content = JSON.parse(readFileSync(file, 'utf8')) as SecretsFile;
  return {
    signingKey: (await importJWK(content.signingKey, 'ES256')) as CryptoKey,
    verifyKey: (await importJWK(content.verifyKey, 'ES256')) as CryptoKey,
    cursorKey: content.cursorKey,
  };
}

/**
 * Signs a token shaped like a Cognito access token after the pre token generation trigger
 * (functions/handlers/pre-token.ts): `sub` and `cognito:groups`, for an admin scoped to
 * provinces `custom:provinces` (space-separated codes; absent for a national admin), and
 * `ketnoi:mfa` = 'true' (signed in with a second factor) for organisers and admins unless
 * `mfa: false`, since the API refuses them those roles without it.
 */
export async function signDevToken(secrets: DevSecrets, sub: string, roles: Role[], ttlSeconds = 12 * 3600, claims: { provinces?: string[]; mfa?: boolean } = {}): Promise<string> {
  const mfa = claims.mfa ?? roles.some((r) => MFA_ROLES.includes(r));
  return new SignJWT({
    [CLAIM.groups]: roles,
    token_use: 'access',
    ...(mfa ? { [CLAIM.mfa]: MFA_CLAIM_TRUE } : {}),
    ...(claims.provinces ? { [CLAIM.provinces]: claims.provinces.join(' ') } : {}),
  })
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(secrets.signingKey);
}

/**
 * Verifies a bearer token and returns claims as API Gateway's JWT authorizer presents them
 * (string values; arrays rendered as "[a b]"), or undefined if the token is not valid. Like
 * the authorizer it requires `exp`. A `cognito:groups` that is not an array of names without
 * whitespace (which Cognito never issues, and "[a b]" could not carry) makes the token invalid.
 */
export async function verifyDevToken(secrets: DevSecrets, authorization: string | undefined): Promise<Record<string, string> | undefined> {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!token) return undefined;
  const verified = verifiedTokens(secrets);
  const known = verified.get(token);
  if (known && known.expiresAt > Date.now()) return known.claims;
  try {
    const { payload } = await jwtVerify(token, secrets.verifyKey, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['ES256'], requiredClaims: ['exp', 'sub'] });
    const groups = payload[CLAIM.groups];
    if (groups !== undefined && !(Array.isArray(groups) && groups.every((g) => typeof g === 'string' && /^\S+$/.test(g)))) return undefined;
    const claims = Object.fromEntries(
      Object.entries(payload).map(([k, v]) => [k, Array.isArray(v) ? `[${v.join(' ')}]` : String(v)]),
    );
    if (verified.size >= VERIFIED_TOKENS_KEPT) verified.delete(verified.keys().next().value!);
    verified.set(token, { claims, expiresAt: payload.exp! * 1000 });
    return claims;
  } catch {
    return undefined;
  }
}

/**
 * Tokens already verified, until they expire. An ES256 check costs the local gateway 0.4 ms of
 * CPU (measured here), on every request of a client that sends the same token all session, as
 * the portal and the tests do. A cached token is still refused once expired, as the authorizer
 * would refuse it.
 */
const VERIFIED_TOKENS_KEPT = 1000;
const verifiedByKey = new WeakMap<DevSecrets, Map<string, { claims: Record<string, string>; expiresAt: number }>>();
function verifiedTokens(secrets: DevSecrets) {
  let verified = verifiedByKey.get(secrets);
  if (!verified) verifiedByKey.set(secrets, (verified = new Map()));
  return verified;
}

export const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);
