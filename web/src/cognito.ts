/**
 * AWS sign-in: Cognito's managed login with the authorization code flow and PKCE
 * (oidc-client-ts). Tokens stay in memory (InMemoryWebStorage) and are renewed silently;
 * sign-out ends the Cognito session too ("everywhere" on this browser) via the logout endpoint.
 * Loaded only when /portal-config.json says mode "cognito", so local mode never ships it.
 */
import { InMemoryWebStorage, UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';
import { sessionFromToken, setSession, type PortalConfig } from './session.ts';

let manager: UserManager | undefined;

function adopt(user: User | null) {
  setSession(user && !user.expired ? sessionFromToken(user.access_token) : undefined);
}

export async function startCognito(cfg: PortalConfig) {
  if (!cfg.authority || !cfg.clientId) throw new Error('portal-config.json: Cognito mode needs authority and clientId');
  manager = new UserManager({
    authority: cfg.authority,
    client_id: cfg.clientId,
    redirect_uri: `${location.origin}/`,
    post_logout_redirect_uri: `${location.origin}/`,
    response_type: 'code',
    scope: 'openid email profile',
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    automaticSilentRenew: true,
  });
  manager.events.addUserLoaded(adopt);
  manager.events.addUserUnloaded(() => adopt(null));
  manager.events.addSilentRenewError(() => adopt(null));
  const params = new URLSearchParams(location.search);
  if (params.has('code') && params.has('state')) {
    adopt(await manager.signinRedirectCallback());
    history.replaceState(null, '', '/');
  } else {
    // Tokens are only in memory: after a reload try a silent sign-in with the Cognito session.
    adopt(await manager.signinSilent().catch(() => null));
  }
}

export const cognitoSignIn = () => manager?.signinRedirect();

export async function cognitoSignOut() {
  await manager?.removeUser();
  await manager?.signoutRedirect();
}
