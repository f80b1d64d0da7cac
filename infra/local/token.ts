/**
 * Prints a dev token for the local runtime:
 *   npm run token -- --role cooperative --sub coop-1
 * Roles: cooperative, retailer, organiser, admin (repeat --role for several). Organiser and
 * admin tokens say they were signed in with MFA; `--no-mfa` signs one that does not.
 */
import { parseArgs } from 'node:util';
import { isRole, loadDevSecrets, signDevToken } from '#infra/local/auth.ts';
import { ROLES } from '#domain/access.ts';

const { values } = parseArgs({
  options: { role: { type: 'string', multiple: true, default: ['cooperative'] }, sub: { type: 'string' }, ttl: { type: 'string', default: '43200' }, 'no-mfa': { type: 'boolean', default: false } },
});
const roles = values.role ?? [];
const bad = roles.filter((r) => !isRole(r));
if (bad.length) {
  console.error(`Unknown role(s): ${bad.join(', ')}. Use one of: ${ROLES.join(', ')}`);
  process.exit(2);
}
const sub = values.sub ?? `${roles[0]}-1`;
const secrets = await loadDevSecrets();
console.log(await signDevToken(secrets, sub, roles.filter(isRole), Number(values.ttl), values['no-mfa'] ? { mfa: false } : {}));
