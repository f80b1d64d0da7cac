/**
 * Stands in for `node:http` in the Lambda bundles (an esbuild alias in `BUNDLE_ALIASES`,
 * infra/functions.ts). Powertools Tracer imports `node:http` to capture its requests. In an ES
 * module bundle that import stays an ES import of the builtin, and Node builds the builtin's
 * ES facade by reading every export, `WebSocket`, `CloseEvent` and `MessageEvent` among them:
 * lazy getters that load Node's whole `fetch` implementation (undici). That was about 20 ms of
 * each background function's cold start, for exports nothing calls. `getBuiltinModule` hands
 * over the same module object `require('node:http')` does, without the facade, so what Tracer
 * patches on it is what every caller of `http.request` uses.
 */
const http = process.getBuiltinModule('node:http');

export default http;
export const { Agent, ClientRequest, IncomingMessage, OutgoingMessage, Server, ServerResponse, METHODS, STATUS_CODES, createServer, get, globalAgent, request } = http;
