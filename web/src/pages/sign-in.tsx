/**
 * Sign-in. Locally: the demo users by role (from the local runtime's /dev/users, which exists
 * only in local mode) and one click signs in as one. In AWS: Cognito's managed login.
 */
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { t, tk } from '../i18n.ts';
import { config, ROLES, sessionFromToken, setSession, type Role } from '../session.ts';
import { Busy, FormError } from '../components.tsx';

interface DemoUser {
  sub: string;
  role: Role;
  /** The demo profiles this user owns (seller, buyer or fair names). */
  owns: string[];
}

export function SignIn() {
  const { route } = useLocation();
  const [users, setUsers] = useState<DemoUser[]>();
  const [error, setError] = useState<unknown>();
  const local = config.value?.mode !== 'cognito';
  useEffect(() => {
    if (!local) return;
    fetch('/dev/users')
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`${r.status}`))))
      .then((b: { items: DemoUser[] }) => setUsers(b.items), setError);
  }, [local]);

  async function signInAs(sub: string, role: Role) {
    try {
      const res = await fetch('/dev/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sub, role }) });
      if (!res.ok) throw new Error(`${res.status}`);
      const { token } = (await res.json()) as { token: string };
      setSession(sessionFromToken(token));
      route('/', true);
    } catch (e) {
      setError(e);
    }
  }

  if (!local) {
    return (
      <section class="narrow">
        <h1>{t('signIn')}</h1>
        <p>{t('tagline')}</p>
        <button type="button" class="primary" onClick={() => import('../cognito.ts').then((m) => m.cognitoSignIn())}>
          {t('signIn')}
        </button>
      </section>
    );
  }
  return (
    <section class="narrow">
      <h1>{t('devSignInTitle')}</h1>
      <p>{t('devSignInIntro')}</p>
      <FormError error={error} />
      {!users && !error && <Busy />}
      {users &&
        ROLES.map((role) => (
          <section key={role} class="card" aria-labelledby={`role-${role}`}>
            <h2 id={`role-${role}`}>{tk('role', role)}</h2>
            <ul class="plain">
              {users
                .filter((u) => u.role === role)
                .map((u) => (
                  <li key={u.sub}>
                    <button type="button" class="user" onClick={() => void signInAs(u.sub, role)}>
                      <strong>{u.sub}</strong>
                      {u.owns.length > 0 && <small>{u.owns.join(' · ')}</small>}
                    </button>
                  </li>
                ))}
            </ul>
          </section>
        ))}
    </section>
  );
}
