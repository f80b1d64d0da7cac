/**
 * The local runtime's stand-in for Cognito's sign-up and sign-in (local only, never deployed):
 *   POST /v1/local/sign-up {email?|phone?}  → a new person (`sub`) and a token with no groups
 *   POST /v1/local/sign-in {sub}             → a fresh token with the groups approved since
 * Groups come from the same directory approvals write to (a table item locally), so a test can
 * sign up, ask for a role, have it approved and then use it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ulid } from 'ulid';
import type { GroupDirectory } from '#domain/ports.ts';
import { signDevToken, type DevSecrets } from '#infra/local/auth.ts';

async function json(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  try {
    const v = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const send = (res: ServerResponse, status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));

export function localSignIn(secrets: DevSecrets, groups: GroupDirectory) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    if (req.method !== 'POST') return false;
    if (url.pathname === '/v1/local/sign-up') {
      const body = await json(req);
      if (typeof body.email !== 'string' && typeof body.phone !== 'string') {
        send(res, 400, { title: 'email or phone required', status: 400 });
        return true;
      }
      const sub = `local-${ulid().toLowerCase()}`;
      send(res, 201, { sub, token: await signDevToken(secrets, sub, []) });
      return true;
    }
    if (url.pathname === '/v1/local/sign-in') {
      const body = await json(req);
      if (typeof body.sub !== 'string' || !body.sub) {
        send(res, 400, { title: 'sub required', status: 400 });
        return true;
      }
      const roles = await groups.groupsOf(body.sub);
      send(res, 200, { sub: body.sub, groups: roles, token: await signDevToken(secrets, body.sub, roles) });
      return true;
    }
    return false;
  };
}
