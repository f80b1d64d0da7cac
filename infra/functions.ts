/**
 * How every Lambda function of the project is built, whichever stack it is in: runtime,
 * architecture, esbuild bundling, active tracing, its own log group and an empty role, and the
 * logging environment. The API stack's `createFunction` (infra/stack.ts) adds the table, the bus
 * and the cursor key; the data stack uses this directly for the user pool's trigger, which must
 * live beside the pool (a trigger in the API stack would make the two stacks depend on each other).
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, Token, Validations, type Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct, Node } from 'constructs';
import { METRICS_NAMESPACE } from '#functions/metric-names.ts';
import type { StageConfig } from '#infra/config.ts';
import { API_FUNCTION_TIMEOUT_SECONDS } from '#infra/limits.ts';

/** The repository root: entries, the lockfile and the tsconfig are resolved from here. */
const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Defines `require` inside the ESM bundle for dependencies that still call it. */
export const ESM_REQUIRE_BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/** Served by every function when bundling is skipped: the template is right, the code is a stub. */
const PLACEHOLDER_CODE = 'exports.handler = async () => ({ statusCode: 503 });';

/** Modules the bundles replace (esbuild `alias`, paths from the repository root). */
export const BUNDLE_ALIASES: Record<string, string> = {
  '@aws-sdk/credential-provider-node': './functions/aws/env-credentials.ts',
  semver: './functions/aws/semver-gte.ts',
  'node:http': './functions/aws/node-http.ts',
};

/**
 * The esbuild settings of every function, as deployed. Source maps are built without sources
 * (for decoding a stack trace offline) and not enabled at run time: `--enable-source-maps`
 * costs 16–43 ms of cold start.
 */
export const BUNDLING = {
  format: nodejs.OutputFormat.ESM,
  target: 'node22',
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  banner: ESM_REQUIRE_BANNER,
  // Bundle everything, the AWS SDK v3 included, so the versions in package-lock.json are
  // the ones that run (not whatever the Lambda runtime ships).
  externalModules: [],
  // Code for the local runtime only is dropped from the bundles (functions/deps.ts). A bare
  // `true`: the CDK passes defines through a shell, which would strip a string's quotes.
  define: { 'process.env.KETNOI_LAMBDA_BUNDLE': 'true' },
  // The SDK's credential chain becomes the environment link Lambda uses, semver one function.
  esbuildArgs: { '--alias': Object.entries(BUNDLE_ALIASES).map(([module, replacement]) => `${module}=${replacement}`) },
  forceDockerBundling: false,
} satisfies nodejs.BundlingOptions;

/**
 * The stack's account as cdk-nag writes it in a finding's id: the account, or `<AWS::AccountId>`
 * when the environment names none (a synth without credentials), where the ARN holds a
 * reference. An acknowledgement id with an unresolved token in it fails the synth.
 */
export function accountInFinding(stack: Stack): string {
  return Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
}

/** True when context `skipBundling` asks for placeholders instead of esbuild bundles (the tests). */
export function skipsBundling(node: Node): boolean {
  const skip = node.tryGetContext('skipBundling');
  // `-c skipBundling=true` arrives as the string "true"; `new App({ context })` may pass a boolean.
  return skip === true || skip === 'true' || skip === '1';
}

/** The environment every function's logging and metrics read (functions/observability.ts). */
export function loggingEnvironment(config: StageConfig): Record<string, string> {
  return {
    LOG_LEVEL: config.logLevel,
    POWERTOOLS_LOGGER_SAMPLE_RATE: String(config.debugSampleRate),
    POWERTOOLS_SERVICE_NAME: 'ketnoi',
    POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
    KETNOI_STAGE: config.stage,
  };
}

/** What differs between functions at this level. */
export interface BaseFunctionSpec {
  /** Path of the entry file relative to the project root, exporting `handler`. */
  entry: string;
  /** The whole environment, {@link loggingEnvironment} included. */
  environment: Record<string, string>;
  memorySize?: number;
  timeout?: Duration;
  description?: string;
}

/**
 * A function built the project's way in `scope`, with `${id}Logs` and `${id}Role`. Its role may
 * write its own log group and send traces, nothing else; the caller grants the rest.
 */
export function projectFunction(scope: Construct, id: string, spec: BaseFunctionSpec, opts: { config: StageConfig; skipBundling: boolean }): lambda.Function {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, { retention: logs.RetentionDays.ONE_MONTH });
  const role = new iam.Role(scope, `${id}Role`, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    // IAM descriptions take Latin-1 only.
    description: `KetNoi ${opts.config.stage}: ${id}`,
  });
  logGroup.grantWrite(role);
  const common = {
    runtime: lambda.Runtime.NODEJS_22_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: spec.memorySize ?? 512,
    timeout: spec.timeout ?? Duration.seconds(API_FUNCTION_TIMEOUT_SECONDS),
    description: spec.description,
    logGroup,
    role,
    tracing: lambda.Tracing.ACTIVE,
    environment: spec.environment,
  } satisfies Partial<lambda.FunctionProps>;

  const fn = opts.skipBundling
    ? new lambda.Function(scope, id, { ...common, code: lambda.Code.fromInline(PLACEHOLDER_CODE), handler: 'index.handler' })
    : new nodejs.NodejsFunction(scope, id, {
        ...common,
        entry: path.join(PROJECT_ROOT, spec.entry),
        handler: 'handler',
        projectRoot: PROJECT_ROOT,
        depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
        bundling: BUNDLING,
      });
  // X-Ray accepts no resource in its policy; the CDK grants PutTraceSegments/PutTelemetryRecords on '*'.
  Validations.of(role).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason: 'X-Ray trace APIs take no resource ARN (tracing is active on every function).' });
  return fn;
}
