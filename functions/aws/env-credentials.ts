/**
 * Stands in for `@aws-sdk/credential-provider-node` in the Lambda bundles (an esbuild alias in
 * `BUNDLING`, infra/functions.ts). Every SDK client's default configuration imports that
 * package's provider chain: environment, SSO, shared ini files, processes, web identity, ECS
 * and EC2 metadata, and with them the STS, SSO and sign-in clients (about 90 KiB minified) that
 * every cold start parsed. Lambda gives a function its role's credentials in the environment
 * (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), the chain's first link, so
 * the bundles keep that link only. The local runtime and the tests run unbundled, on the
 * SDK's full chain.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

/** The provider every client of the bundle uses by default: the function role's credentials. */
export const defaultProvider = (init?: Parameters<typeof fromEnv>[0]) => fromEnv(init);
