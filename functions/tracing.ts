/**
 * X-Ray subsegments for the background functions (stream, events, webhook and alert workers,
 * expiry): the handler and each DynamoDB call, through Powertools Tracer. The API functions do
 * not load it: Tracer brings the X-Ray SDK (with semver and cls-hooked, ~120 KiB), which cost
 * them a tenth of their cold start (docs/benchmarks.md, "Function bundles"); Lambda's active
 * tracing still records their invocations and init without it.
 */
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { MiddyfiedHandler } from '@middy/core';

export const tracer = new Tracer({ serviceName: 'ketnoi' });

/** Traces the handler (its response is not recorded: it may hold personal data). */
export function traced<H extends MiddyfiedHandler<any, any, any, any>>(handler: H): H {
  return handler.use(captureLambdaHandler(tracer, { captureResponse: false })) as H;
}

/** Traces an AWS SDK v3 client's calls; given to `deps` as `instrument`. */
export function traceClient<C>(client: C): C {
  return tracer.captureAWSv3Client(client);
}
