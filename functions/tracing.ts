/**
 * X-Ray subsegments for the background functions (stream, events, webhook and alert workers,
 * expiry): the handler and each DynamoDB call, through Powertools Tracer. The API functions do
 * not load it: Tracer brings the X-Ray SDK (with semver and cls-hooked, ~120 KiB), which cost
 * them a tenth of their cold start (docs/benchmarks.md, "Function bundles"); Lambda's active
 * tracing still records their invocations and init without it.
 */
import type { MiddyfiedHandler } from '@middy/core';

// Only inside Lambda. The local runtime runs every function in one process, with no X-Ray
// daemon to send to, and the X-Ray SDK's async hooks (cls-hooked) would tax every promise of
// that process, the API's included (5 % of its CPU in the bench:api profile).
const inLambda = Boolean(process.env.AWS_LAMBDA_FUNCTION_NAME);
const powertools = inLambda ? { ...(await import('@aws-lambda-powertools/tracer')), ...(await import('@aws-lambda-powertools/tracer/middleware')) } : undefined;

export const tracer = powertools && new powertools.Tracer({ serviceName: 'ketnoi' });

/** Traces the handler (its response is not recorded: it may hold personal data). */
export function traced<H extends MiddyfiedHandler<any, any, any, any>>(handler: H): H {
  return powertools && tracer ? (handler.use(powertools.captureLambdaHandler(tracer, { captureResponse: false })) as H) : handler;
}

/** Traces an AWS SDK v3 client's calls; given to `deps` as `instrument`. */
export function traceClient<C>(client: C): C {
  return tracer ? tracer.captureAWSv3Client(client) : client;
}
