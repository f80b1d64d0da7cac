/**
 * The AWS stack: one DynamoDB table (built from `infra/table.ts`), a Cognito user pool whose
 * groups are the roles of `domain/access.ts`, and an HTTP API with one Lambda function per
 * route group of `functions/routes/index.ts` and one API Gateway route per route.
 *
 * Synth without bundling (fast, used by the tests): `cdk synth -c skipBundling=true`.
 */
import { API_FUNCTION_TIMEOUT_SECONDS } from '#infra/limits.ts';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ACCESS, ROLES, type AccessRule } from '#domain/access.ts';
import { API, type RouteGroup } from '#functions/routes/index.ts';
import { TABLE } from '#infra/table.ts';

/** The repository root: entries, the lockfile and the tsconfig are resolved from here. */
const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Defines `require` inside the ESM bundle for dependencies that still call it. */
const ESM_REQUIRE_BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/** Served by every function when bundling is skipped: the template is right, the code is a stub. */
const PLACEHOLDER_CODE = 'exports.handler = async () => ({ statusCode: 503 });';

/** The custom EventBridge bus of the service's domain events (the outbox relay publishes there). */
export const EVENT_BUS_NAME = 'ketnoi-events';

/** The daily expiry run: 17:00 UTC is 00:00 in Vietnam (UTC+7, no daylight saving time). */
export const EXPIRY_SCHEDULE = 'cron(0 17 * * ? *)';

/** The items the stream function acts on (see `functions/stream/process.ts` and `domain/stats.ts`). */
export const STREAM_ENTITIES = ['listing', 'demand', 'match', 'fair', 'outbox'] as const;

/** Optional entry, written separately: created only when the file exists at synth time. */
export const WEBHOOK_WORKER_ENTRY = 'functions/handlers/webhook-worker.ts';

/** True when the operation needs no token (its access rule says `public: true`). */
export function isPublicOperation(operationId: string): boolean {
  const rule = (ACCESS as Record<string, AccessRule | undefined>)[operationId];
  if (!rule) throw new Error(`Operation ${operationId} has no rule in domain/access.ts`);
  return 'public' in rule && rule.public === true;
}

/** `sellers` -> `Sellers`, for construct ids. */
const pascal = (name: string) =>
  name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((s) => s[0]!.toUpperCase() + s.slice(1))
    .join('');

/** What differs between the project's functions; everything else comes from {@link KetNoiStack.createFunction}. */
export interface FunctionSpec {
  /** Path of the entry file relative to the project root, exporting `handler`. */
  entry: string;
  /** Extra environment on top of the shared one. */
  environment?: Record<string, string>;
  memorySize?: number;
  timeout?: Duration;
  description?: string;
}

export class KetNoiStack extends Stack {
  readonly table: dynamodb.Table;
  readonly userPool: cognito.UserPool;
  readonly userPoolClient: cognito.UserPoolClient;
  readonly httpApi: apigwv2.HttpApi;
  readonly jwtAuthorizer: HttpJwtAuthorizer;
  /** The API functions, by route group name. */
  readonly apiFunctions: Record<string, lambda.Function> = {};
  /** The bus of the service's domain events; its name is in every function's EVENT_BUS_NAME. */
  readonly eventBus: events.EventBus;
  /** The background functions (set by {@link addBackgroundProcessing}). */
  streamFunction!: lambda.Function;
  expireFunction!: lambda.Function;
  eventsFunction!: lambda.Function;
  /** Absent until `functions/handlers/webhook-worker.ts` exists. */
  webhookWorkerFunction?: lambda.Function;
  webhookQueue?: sqs.Queue;
  webhookDlq?: sqs.Queue;
  /** Stream batches that still fail after the retries (their stream positions, not the records). */
  streamDlq!: sqs.Queue;
  /** Bus events that could not be delivered to, or kept failing in, the events function. */
  eventsDlq!: sqs.Queue;
  /** Seals pagination cursors (CURSOR_KEY). */
  readonly cursorKeySecret: secretsmanager.Secret;
  /** When true (context `skipBundling`), functions get a placeholder instead of an esbuild bundle. */
  readonly skipBundling: boolean;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const skip = this.node.tryGetContext('skipBundling');
    // `-c skipBundling=true` arrives as the string "true"; `new App({ context })` may pass a boolean.
    this.skipBundling = skip === true || skip === 'true' || skip === '1';

    this.table = this.createTable();

    this.cursorKeySecret = new secretsmanager.Secret(this, 'CursorKey', {
      description: 'Kết Nối: key that seals pagination cursors (CURSOR_KEY)',
      // 43 characters of [A-Za-z0-9] (~256 bits), all in the base64 alphabet; the '=' appended
      // where it is used makes it the 44-character base64 form of 32 bytes that config.ts wants.
      generateSecretString: { passwordLength: 43, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Created before any function: the API functions get EVENT_BUS_NAME too, so every function
    // is configured alike (config.ts picks the EventBridge bus when it is set). Only the stream
    // function (the outbox relay) may put events on it.
    this.eventBus = new events.EventBus(this, 'EventBus', { eventBusName: EVENT_BUS_NAME });

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      passwordPolicy: { minLength: 12, requireSymbols: false },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The groups are the roles; they reach the functions as the `cognito:groups` claim.
    for (const role of ROLES) {
      new cognito.UserPoolGroup(this, `Group${pascal(role)}`, { userPool: this.userPool, groupName: role });
    }
    this.userPoolClient = this.userPool.addClient('AppClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      // The implicit grant puts tokens in URLs (history, logs, Referer); the code grant with PKCE replaces it.
      oAuth: { flows: { authorizationCodeGrant: true, implicitCodeGrant: false } },
      preventUserExistenceErrors: true,
    });

    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      apiName: 'ketnoi',
      description: 'Kết Nối API',
    });
    this.jwtAuthorizer = new HttpJwtAuthorizer(
      'CognitoJwt',
      `https://cognito-idp.${this.region}.amazonaws.com/${this.userPool.userPoolId}`,
      { jwtAudience: [this.userPoolClient.userPoolClientId] },
    );

    for (const group of API) this.addRouteGroup(group);

    this.addBackgroundProcessing();

    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.apiEndpoint });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
  }

  /** The single table, built from the shared definition so that it matches the local one. */
  private createTable(): dynamodb.Table {
    const table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: TABLE.ttlAttribute,
      stream: dynamodb.StreamViewType[TABLE.stream],
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const gsi of TABLE.globalSecondaryIndexes) {
      table.addGlobalSecondaryIndex({
        indexName: gsi.indexName,
        partitionKey: { name: gsi.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: gsi.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
    return table;
  }

  /** One function for the group, one integration for the function, one route per route. */
  private addRouteGroup(group: RouteGroup): void {
    const id = `${pascal(group.name)}Function`;
    const fn = this.createFunction(id, {
      entry: `functions/handlers/${group.name}.ts`,
      description: `Kết Nối API: ${group.name} routes`,
    });
    this.table.grantReadWriteData(fn);
    this.apiFunctions[group.name] = fn;

    const integration = new HttpLambdaIntegration(`${pascal(group.name)}Integration`, fn);
    for (const route of group.routes) {
      this.httpApi.addRoutes({
        path: route.path,
        methods: [apigwv2.HttpMethod[route.method]],
        integration,
        authorizer: isPublicOperation(route.operationId) ? new apigwv2.HttpNoneAuthorizer() : this.jwtAuthorizer,
      });
    }
  }

  /**
   * Every function of the project goes through here, so runtime, bundling, logging and the
   * shared environment stay the same. Grants are left to the caller (least privilege).
   */
  createFunction(id: string, spec: FunctionSpec): lambda.Function {
    const logGroup = new logs.LogGroup(this, `${id}Logs`, { retention: logs.RetentionDays.ONE_MONTH });
    const common = {
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: spec.memorySize ?? 512,
      timeout: spec.timeout ?? Duration.seconds(API_FUNCTION_TIMEOUT_SECONDS),
      description: spec.description,
      logGroup,
      environment: {
        TABLE_NAME: this.table.tableName,
        KETNOI_MODE: 'aws',
        NODE_OPTIONS: '--enable-source-maps',
        // A CloudFormation dynamic reference ({{resolve:secretsmanager:...}}), resolved by
        // CloudFormation at deploy time: the key is never a literal in the template or cdk.out.
        // It is visible to whoever may read the function's configuration, as any env var is.
        CURSOR_KEY: `${this.cursorKeySecret.secretValue.unsafeUnwrap()}=`,
        EVENT_BUS_NAME: this.eventBus.eventBusName,
        ...spec.environment,
      },
    } satisfies Partial<lambda.FunctionProps>;

    if (this.skipBundling) {
      return new lambda.Function(this, id, {
        ...common,
        code: lambda.Code.fromInline(PLACEHOLDER_CODE),
        handler: 'index.handler',
      });
    }
    return new nodejs.NodejsFunction(this, id, {
      ...common,
      entry: path.join(PROJECT_ROOT, spec.entry),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      bundling: {
        format: nodejs.OutputFormat.ESM,
        target: 'node22',
        minify: true,
        sourceMap: true,
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        // Bundle everything, the AWS SDK v3 included, so the versions in package-lock.json are
        // the ones that run (not whatever the Lambda runtime ships).
        externalModules: [],
        forceDockerBundling: false,
      },
    });
  }

  /**
   * The event-driven half:
   * - the stream function on the table's DynamoDB stream (index upkeep, matching, fair
   *   suggestions, statistics and the outbox relay to the bus), with a DLQ;
   * - the daily expiry job on an EventBridge schedule;
   * - the events function, subscribed to the service's own events on the bus (inbox and
   *   webhook deliveries), with retries and a DLQ;
   * - the webhook delivery worker on a one-minute schedule, once its entry exists.
   */
  protected addBackgroundProcessing(): void {
    this.addStreamProcessing();
    this.addExpiry();
    this.addEventConsumer();
    this.addWebhookWorker();

    new CfnOutput(this, 'EventBusName', { value: this.eventBus.eventBusName });
    new CfnOutput(this, 'StreamDlqUrl', { value: this.streamDlq.queueUrl });
  }

  /** True when an entry file (relative to the project root) exists; a seam for the tests. */
  protected entryExists(entry: string): boolean {
    return fs.existsSync(path.join(PROJECT_ROOT, entry));
  }

  private addStreamProcessing(): void {
    const fn = this.createFunction('StreamFunction', {
      entry: 'functions/handlers/stream.ts',
      description: 'Kết Nối: table stream (index, matching, stats, outbox relay)',
      memorySize: 1024,
      timeout: Duration.seconds(60),
    });
    this.table.grantReadWriteData(fn);
    this.eventBus.grantPutEventsTo(fn);

    this.streamDlq = new sqs.Queue(this, 'StreamDlq', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });

    // An item keeps its `entity`, so the new image selects inserts and updates, the old image
    // removals. Filters in the list are OR'ed. An outbox item only matters when inserted (the
    // relay ignores its TTL removal), so it is left out of the old-image filter.
    const domainEntities = STREAM_ENTITIES.filter((e) => e !== 'outbox');
    fn.addEventSource(
      new sources.DynamoEventSource(this.table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        retryAttempts: 10,
        reportBatchItemFailures: false,
        // One batch at a time per shard: the changes of an item are processed in order.
        parallelizationFactor: 1,
        onFailure: new sources.SqsDlq(this.streamDlq),
        filters: [
          lambda.FilterCriteria.filter({ dynamodb: { NewImage: { entity: { S: lambda.FilterRule.or(...STREAM_ENTITIES) } } } }),
          lambda.FilterCriteria.filter({ dynamodb: { OldImage: { entity: { S: lambda.FilterRule.or(...domainEntities) } } } }),
        ],
      }),
    );
    this.streamFunction = fn;
  }

  private addExpiry(): void {
    const fn = this.createFunction('ExpireFunction', {
      entry: 'functions/handlers/expire.ts',
      description: 'Kết Nối: daily expiry of listings, demands and matches',
      // It pages through every active listing and demand.
      timeout: Duration.minutes(5),
    });
    this.table.grantReadWriteData(fn);
    new events.Rule(this, 'ExpirySchedule', {
      description: 'Kết Nối: daily expiry at 00:00 Vietnam time',
      schedule: events.Schedule.expression(EXPIRY_SCHEDULE),
      targets: [new targets.LambdaFunction(fn, { retryAttempts: 3, maxEventAge: Duration.hours(2) })],
    });
    this.expireFunction = fn;
  }

  private addEventConsumer(): void {
    // No VPC: the function calls subscribers' webhooks over the internet.
    const fn = this.createFunction('EventsFunction', {
      entry: 'functions/handlers/events.ts',
      description: "Kết Nối: consumer of the service's own events (inbox, webhook deliveries)",
      timeout: Duration.seconds(60),
    });
    this.table.grantReadWriteData(fn);

    this.eventsDlq = new sqs.Queue(this, 'EventsDlq', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    // EventBridge's retry policy covers delivery to Lambda (throttling, unavailability); once
    // Lambda has accepted the asynchronous invocation, errors of the function itself are
    // retried by Lambda and then sent to the same queue.
    fn.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new destinations.SqsDestination(this.eventsDlq),
    });
    new events.Rule(this, 'OwnEventsRule', {
      description: "Kết Nối: the service's own events to its consumer",
      eventBus: this.eventBus,
      eventPattern: { source: events.Match.prefix('ketnoi.') },
      targets: [
        new targets.LambdaFunction(fn, {
          retryAttempts: 185,
          maxEventAge: Duration.hours(24),
          deadLetterQueue: this.eventsDlq,
        }),
      ],
    });
    this.eventsFunction = fn;
  }

  private addWebhookWorker(): void {
    // Written separately; until the entry exists there is nothing to deploy, so it is skipped.
    if (!this.entryExists(WEBHOOK_WORKER_ENTRY)) return;
    const fn = this.createFunction('WebhookWorkerFunction', {
      entry: WEBHOOK_WORKER_ENTRY,
      description: 'Kết Nối: webhook delivery worker (due deliveries)',
      timeout: Duration.seconds(60),
    });
    this.table.grantReadWriteData(fn);

    // Deliveries travel on a queue, delayed until their next attempt is due; the events consumer
    // sends a message when it creates a delivery, the worker when it reschedules one. Messages
    // the worker itself keeps failing on go to the DLQ; the sweep below still finds their
    // deliveries in the due index, which stays the source of truth.
    this.webhookDlq = new sqs.Queue(this, 'WebhookDeliveryDlq', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.webhookQueue = new sqs.Queue(this, 'WebhookDeliveryQueue', {
      visibilityTimeout: Duration.seconds(90),
      retentionPeriod: Duration.days(4),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.webhookDlq, maxReceiveCount: 5 },
    });
    for (const sender of [fn, this.eventsFunction]) {
      sender.addEnvironment('WEBHOOK_QUEUE_URL', this.webhookQueue.queueUrl);
      this.webhookQueue.grantSendMessages(sender);
    }
    fn.addEventSource(new sources.SqsEventSource(this.webhookQueue, { batchSize: 10, reportBatchItemFailures: true }));
    new CfnOutput(this, 'WebhookDeliveryDlqUrl', { value: this.webhookDlq.queueUrl });

    new events.Rule(this, 'WebhookWorkerSchedule', {
      description: 'Kết Nối: sweep of due webhook deliveries',
      schedule: events.Schedule.rate(Duration.minutes(1)),
      // A missed sweep is caught up by the next one: no retries.
      targets: [new targets.LambdaFunction(fn, { retryAttempts: 0, maxEventAge: Duration.minutes(2) })],
    });
    this.webhookWorkerFunction = fn;
  }
}
