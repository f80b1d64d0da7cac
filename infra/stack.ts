/**
 * The API stack: the HTTP API with one Lambda function per route group of
 * `functions/routes/index.ts` (one API Gateway route per route), the event-driven functions,
 * and their alarms and dashboard (`infra/operations.ts`). Stateful resources live in
 * `infra/data-stack.ts`; this stack can be replaced freely.
 *
 * Synth without bundling (fast, used by the tests): `cdk synth -c skipBundling=true`.
 */
import { CfnOutput, Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ACCESS, type AccessRule } from '#domain/access.ts';
import { API, type RouteGroup } from '#functions/routes/index.ts';
import type { StageConfig } from '#infra/config.ts';
import { pascal, type KetNoiDataStack } from '#infra/data-stack.ts';
import { Operations } from '#infra/operations.ts';
import { TABLE } from '#infra/table.ts';
import { Joining } from '#infra/joining.ts';
import { loggingEnvironment, projectFunction, skipsBundling } from '#infra/functions.ts';


/** The daily expiry run: 17:00 UTC is 00:00 in Vietnam (UTC+7, no daylight saving time). */
export const EXPIRY_SCHEDULE = 'cron(0 17 * * ? *)';

/** The items the stream function acts on (see `functions/stream/process.ts` and `domain/stats.ts`). */
export const STREAM_ENTITIES = ['listing', 'demand', 'match', 'fair', 'outbox'] as const;

/** The webhook worker's time budget; the queue's visibility timeout is six times it (AWS's advice). */
export const WEBHOOK_WORKER_TIMEOUT_SECONDS = 60;

/** Stream records older than this go to the stream DLQ instead of blocking their shard. */
export const STREAM_MAX_RECORD_AGE_HOURS = 24;

/**
 * What each function may do on the table, least privilege: the meta function serves reference
 * data and documentation and needs none. No function scans or batch-writes.
 */
export type TableAccess = 'none' | 'readWrite';
export const TABLE_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query'] as const;
export const TABLE_WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'] as const;
export const API_TABLE_ACCESS: Record<string, TableAccess> = { meta: 'none' };

/** True when the operation needs no token (its access rule says `public: true`). */
export function isPublicOperation(operationId: string): boolean {
  const rule = (ACCESS as Record<string, AccessRule | undefined>)[operationId];
  if (!rule) throw new Error(`Operation ${operationId} has no rule in domain/access.ts`);
  return 'public' in rule && rule.public === true;
}

/** What differs between the project's functions; everything else comes from {@link KetNoiStack.createFunction}. */
export interface FunctionSpec {
  /** Path of the entry file relative to the project root, exporting `handler`. */
  entry: string;
  /** Extra environment on top of the shared one. */
  environment?: Record<string, string>;
  memorySize?: number;
  timeout?: Duration;
  description?: string;
  /** What it may do on the table (granted by createFunction). */
  table: TableAccess;
  /**
   * False for a function that needs no shared cursor key: one that loads no service
   * configuration, or a background function whose cursors never leave it (a key of its own per
   * instance, functions/instance-cursor-key.ts).
   */
  cursorKey?: boolean;
}

export interface KetNoiStackProps extends StackProps {
  config: StageConfig;
  data: KetNoiDataStack;
}

export class KetNoiStack extends Stack {
  readonly config: StageConfig;
  readonly data: KetNoiDataStack;
  readonly httpApi: apigwv2.HttpApi;
  readonly apiStage: apigwv2.HttpStage;
  readonly jwtAuthorizer: HttpJwtAuthorizer;
  /** The API functions, by route group name, and the `live` aliases API Gateway invokes. */
  readonly apiFunctions: Record<string, lambda.Function> = {};
  readonly apiAliases: Record<string, lambda.Alias> = {};
  /** The bus of the service's domain events; its generated name is in every function's EVENT_BUS_NAME. */
  readonly eventBus: events.EventBus;
  /** The background functions (set by {@link addBackgroundProcessing}). */
  streamFunction!: lambda.Function;
  expireFunction!: lambda.Function;
  eventsFunction!: lambda.Function;
  webhookWorkerFunction?: lambda.Function;
  webhookQueue?: sqs.Queue;
  webhookDlq?: sqs.Queue;
  /** Stream batches that still fail after the retries (their stream positions, not the records). */
  streamDlq!: sqs.Queue;
  /** Bus events that could not be delivered to, or kept failing in, the events function. */
  eventsDlq!: sqs.Queue;
  /** Expiry runs that failed after their retries. */
  expiryDlq!: sqs.Queue;
  /** Alarms, their topic and the dashboard. */
  operations!: Operations;
  /** Role grants on approval, and the e-mail/SMS alert worker (infra/joining.ts). */
  joining!: Joining;
  /** When true (context `skipBundling`), functions get a placeholder instead of an esbuild bundle. */
  readonly skipBundling: boolean;

  constructor(scope: Construct, id: string, props: KetNoiStackProps) {
    super(scope, id, props);
    this.config = props.config;
    this.data = props.data;
    this.skipBundling = skipsBundling(this.node);

    // Created before any function: every function gets EVENT_BUS_NAME, so every function is
    // configured alike. No fixed name: two stages can share an account.
    this.eventBus = new events.EventBus(this, 'EventBus', { description: `Kết Nối ${this.config.stage}: domain events` });

    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      apiName: `ketnoi-${this.config.stage}`,
      description: 'Kết Nối API',
      createDefaultStage: false,
    });
    this.apiStage = this.createStage();
    this.jwtAuthorizer = new HttpJwtAuthorizer(
      'CognitoJwt',
      `https://cognito-idp.${this.region}.amazonaws.com/${this.data.userPool.userPoolId}`,
      { jwtAudience: [this.data.userPoolClient.userPoolClientId] },
    );

    for (const group of API) this.addRouteGroup(group);

    this.addBackgroundProcessing();
    this.joining = new Joining(this, 'Joining', { stack: this });
    this.operations = new Operations(this, 'Operations', this);
    this.addGradualDeployment();

    new CfnOutput(this, 'ApiUrl', { value: this.apiStage.url });
    new CfnOutput(this, 'UserPoolId', { value: this.data.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.data.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
  }

  /** The `$default` stage with JSON access logs and default throttling from the stage config. */
  private createStage(): apigwv2.HttpStage {
    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', { retention: logs.RetentionDays.THREE_MONTHS });
    return new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: this.config.apiRateLimit, burstLimit: this.config.apiBurstLimit },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        format: apigw.AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            sub: '$context.authorizer.claims.sub',
            time: '$context.requestTimeEpoch',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationMs: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            bytes: '$context.responseLength',
            userAgent: '$context.identity.userAgent',
          }),
        ),
      },
    });
  }

  /** One function for the group, one integration on its `live` alias, one route per route. */
  private addRouteGroup(group: RouteGroup): void {
    const id = `${pascal(group.name)}Function`;
    const fn = this.createFunction(id, {
      entry: `functions/handlers/${group.name}.ts`,
      description: `Kết Nối API: ${group.name} routes`,
      table: API_TABLE_ACCESS[group.name] ?? 'readWrite',
      // The webhooks routes seal signing secrets with the KMS key.
      ...(group.name === 'webhooks' ? { environment: { WEBHOOK_KMS_KEY_ID: this.data.webhookSecretKey.keyId } } : {}),
    });
    // Named actions, no wildcards: sealing a new secret and opening it again to show or sign.
    if (group.name === 'webhooks') this.data.webhookSecretKey.grant(fn, 'kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey');
    // Replaying a parked stream record relays its events as the stream function does.
    if (group.name === 'admin') this.eventBus.grantPutEventsTo(fn);
    Validations.of(fn).acknowledge({ id: 'Serverless-LambdaDLQ', reason: 'Invoked synchronously by API Gateway: the caller gets the error; there is nothing to dead-letter.' });
    this.apiFunctions[group.name] = fn;
    const alias = new lambda.Alias(this, `${pascal(group.name)}Live`, { aliasName: 'live', version: fn.currentVersion });
    this.apiAliases[group.name] = alias;

    const integration = new HttpLambdaIntegration(`${pascal(group.name)}Integration`, alias);
    for (const route of group.routes) {
      const isPublic = isPublicOperation(route.operationId);
      const [created] = this.httpApi.addRoutes({
        path: route.path,
        methods: [apigwv2.HttpMethod[route.method]],
        integration,
        authorizer: isPublic ? new apigwv2.HttpNoneAuthorizer() : this.jwtAuthorizer,
      });
      if (isPublic) {
        Validations.of(created!).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `${route.operationId} is public by design (domain/access.ts): reference data, documentation or public browsing.`,
        });
      }
    }
  }

  /**
   * Every function of this stack goes through here (and through `projectFunction`, as the data
   * stack's user pool trigger does), so runtime, bundling, tracing, logging and the shared
   * environment stay the same. Its role starts empty: it may write its own log group,
   * send traces, read the cursor key, and use the table as `spec.table` says; more is granted by
   * the caller.
   */
  createFunction(id: string, spec: FunctionSpec): lambda.Function {
    const fn = projectFunction(
      this,
      id,
      {
        ...spec,
        environment: {
          TABLE_NAME: this.data.table.tableName,
          KETNOI_MODE: 'aws',
          // The key itself is read at start-up (functions/config.ts), so it is in no template,
          // no function configuration, and a new value needs no redeploy.
          ...(spec.cursorKey === false ? {} : { CURSOR_KEY_SECRET_ID: this.data.cursorKeySecret.secretArn }),
          EVENT_BUS_NAME: this.eventBus.eventBusName,
          ...loggingEnvironment(this.config),
          ...spec.environment,
        },
      },
      { config: this.config, skipBundling: this.skipBundling },
    );
    if (spec.cursorKey !== false) this.data.cursorKeySecret.grantRead(fn);
    if (spec.table === 'readWrite') this.grantTable(fn);
    return fn;
  }

  /**
   * Reads and writes on the table's items, queries on the table and on each index by name (no
   * index wildcard): exactly {@link TABLE_READ_ACTIONS} and {@link TABLE_WRITE_ACTIONS}.
   */
  private grantTable(fn: lambda.Function): void {
    const table = this.data.table.tableArn;
    const indexes = TABLE.globalSecondaryIndexes.map((g) => `${table}/index/${g.indexName}`);
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:GetItem', ...TABLE_WRITE_ACTIONS], resources: [table] }));
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:Query'], resources: [table, ...indexes] }));
  }

  /**
   * The event-driven half:
   * - the stream function on the table's DynamoDB stream (index upkeep, matching, fair
   *   suggestions, statistics and the outbox relay to the bus), per-record failures, with a DLQ;
   * - the daily expiry job on an EventBridge schedule, with retries and a DLQ;
   * - the events function, subscribed to the service's own events on the bus (inbox and
   *   webhook deliveries), with retries and a DLQ;
   * - the webhook delivery worker on its SQS queue, once its entry exists.
   */
  protected addBackgroundProcessing(): void {
    this.addStreamProcessing();
    this.addExpiry();
    this.addEventConsumer();
    this.addWebhookWorker();

    new CfnOutput(this, 'EventBusName', { value: this.eventBus.eventBusName });
    new CfnOutput(this, 'StreamDlqUrl', { value: this.streamDlq.queueUrl });
  }

  /** A dead-letter queue: encrypted, TLS only, kept 14 days; it has no DLQ of its own. */
  private deadLetterQueue(id: string): sqs.Queue {
    const queue = new sqs.Queue(this, id, {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    const reason = 'This queue is itself a dead-letter queue: what lands here is alarmed and redriven by an operator.';
    Validations.of(queue).acknowledge({ id: 'AwsSolutions-SQS3', reason });
    Validations.of(queue).acknowledge({ id: 'Serverless-SQSRedrivePolicy', reason });
    return queue;
  }

  private addStreamProcessing(): void {
    const fn = this.createFunction('StreamFunction', {
      entry: 'functions/handlers/stream.ts',
      description: 'Kết Nối: table stream (index, matching, stats, outbox relay)',
      memorySize: 1024,
      timeout: Duration.seconds(60),
      table: 'readWrite',
      cursorKey: false,
    });
    this.eventBus.grantPutEventsTo(fn);
    this.streamDlq = this.deadLetterQueue('StreamDlq');

    // An item keeps its `entity`, so the new image selects inserts and updates, the old image
    // removals. Filters in the list are OR'ed. An outbox item only matters when inserted (the
    // relay ignores its TTL removal), so it is left out of the old-image filter.
    const domainEntities = STREAM_ENTITIES.filter((e) => e !== 'outbox');
    fn.addEventSource(
      new sources.DynamoEventSource(this.data.table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        retryAttempts: 10,
        maxRecordAge: Duration.hours(STREAM_MAX_RECORD_AGE_HOURS),
        // The handler names the records that failed; the ones before them are not redone.
        reportBatchItemFailures: true,
        // One batch at a time per shard: the changes of an item are processed in order.
        parallelizationFactor: 1,
        onFailure: new sources.SqsDlq(this.streamDlq),
        filters: [
          lambda.FilterCriteria.filter({ dynamodb: { NewImage: { entity: { S: lambda.FilterRule.or(...STREAM_ENTITIES) } } } }),
          lambda.FilterCriteria.filter({ dynamodb: { OldImage: { entity: { S: lambda.FilterRule.or(...domainEntities) } } } }),
        ],
      }),
    );
    Validations.of(fn).acknowledge({ id: 'Serverless-LambdaDLQ', reason: 'Stream-invoked: failed batches go to the event source mapping’s on-failure destination (StreamDlq).' });
    this.streamFunction = fn;
  }

  private addExpiry(): void {
    const fn = this.createFunction('ExpireFunction', {
      entry: 'functions/handlers/expire.ts',
      description: 'Kết Nối: daily expiry of listings, demands and matches',
      // It pages through every active listing and demand.
      timeout: Duration.minutes(5),
      table: 'readWrite',
      cursorKey: false,
    });
    this.expiryDlq = this.deadLetterQueue('ExpiryDlq');
    // The run is idempotent (it expires what is past), so retrying a failed run is safe.
    fn.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.hours(2), onFailure: new destinations.SqsDestination(this.expiryDlq) });
    new events.Rule(this, 'ExpirySchedule', {
      description: 'Kết Nối: daily expiry at 00:00 Vietnam time',
      schedule: events.Schedule.expression(EXPIRY_SCHEDULE),
      targets: [new targets.LambdaFunction(fn, { retryAttempts: 3, maxEventAge: Duration.hours(2), deadLetterQueue: this.expiryDlq })],
    });
    Validations.of(fn).acknowledge({ id: 'Serverless-LambdaDLQ', reason: 'Failed asynchronous runs go to ExpiryDlq through an on-failure destination (EventInvokeConfig).' });
    this.expireFunction = fn;
  }

  private addEventConsumer(): void {
    // No VPC: the function calls subscribers' webhooks over the internet.
    const fn = this.createFunction('EventsFunction', {
      entry: 'functions/handlers/event-consumer.ts',
      description: "Kết Nối: consumer of the service's own events (inbox, webhook deliveries)",
      timeout: Duration.seconds(60),
      table: 'readWrite',
      cursorKey: false,
      environment: { WEBHOOK_KMS_KEY_ID: this.data.webhookSecretKey.keyId },
    });
    this.data.webhookSecretKey.grantDecrypt(fn);
    this.eventsDlq = this.deadLetterQueue('EventsDlq');
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
    Validations.of(fn).acknowledge({ id: 'Serverless-LambdaDLQ', reason: 'Failed asynchronous invocations go to EventsDlq through an on-failure destination (EventInvokeConfig).' });
    this.eventsFunction = fn;
  }

  private addWebhookWorker(): void {
    const fn = this.createFunction('WebhookWorkerFunction', {
      entry: 'functions/handlers/webhook-worker.ts',
      description: 'Kết Nối: webhook delivery worker (due deliveries)',
      timeout: Duration.seconds(WEBHOOK_WORKER_TIMEOUT_SECONDS),
      table: 'readWrite',
      cursorKey: false,
      environment: { WEBHOOK_KMS_KEY_ID: this.data.webhookSecretKey.keyId },
    });
    this.data.webhookSecretKey.grantDecrypt(fn);

    // The one scheduler of deliveries: each rides the queue, delayed until its next attempt is
    // due (SQS delays up to 15 minutes; a longer wait is re-sent by the worker). The events
    // consumer sends a message when it creates a delivery, the worker when it reschedules one.
    // Messages the worker keeps failing on go to the DLQ, which is alarmed and redriven.
    this.webhookDlq = this.deadLetterQueue('WebhookDeliveryDlq');
    this.webhookQueue = new sqs.Queue(this, 'WebhookDeliveryQueue', {
      visibilityTimeout: Duration.seconds(6 * WEBHOOK_WORKER_TIMEOUT_SECONDS),
      retentionPeriod: Duration.days(4),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.webhookDlq, maxReceiveCount: 5 },
    });
    // The worker schedules retries, the events function first attempts, the webhooks routes a
    // retry someone asked for (POST …/deliveries/{id}/retry: sent now, not at the next sweep).
    for (const sender of [fn, this.eventsFunction, this.apiFunctions.webhooks!]) {
      sender.addEnvironment('WEBHOOK_QUEUE_URL', this.webhookQueue.queueUrl);
      this.webhookQueue.grantSendMessages(sender);
    }
    // A bounded number of concurrent workers: subscribers' endpoints are not flooded, and a
    // burst cannot take the account's whole Lambda concurrency.
    fn.addEventSource(new sources.SqsEventSource(this.webhookQueue, { batchSize: 10, reportBatchItemFailures: true, maxConcurrency: 5 }));
    Validations.of(fn).acknowledge({ id: 'Serverless-LambdaDLQ', reason: 'SQS-invoked: messages that keep failing move to WebhookDeliveryDlq by the queue’s redrive policy.' });
    Validations.of(fn).acknowledge({
      id: 'Serverless-LambdaEventSourceMappingDestination',
      reason: 'SQS event sources take no on-failure destination; the queue’s redrive policy sends failures to WebhookDeliveryDlq.',
    });
    // The queue schedules; a sweep of the due index every five minutes only reconciles a
    // delivery whose message was never sent (the events function failed between the write and
    // the send), so such a delivery is late by minutes, never lost.
    new events.Rule(this, 'WebhookReconcileSchedule', {
      description: 'Kết Nối: reconcile webhook deliveries whose queue message was lost',
      schedule: events.Schedule.rate(Duration.minutes(5)),
      targets: [new targets.LambdaFunction(fn, { retryAttempts: 2, maxEventAge: Duration.minutes(10), deadLetterQueue: this.webhookDlq })],
    });
    new CfnOutput(this, 'WebhookDeliveryDlqUrl', { value: this.webhookDlq.queueUrl });
    this.webhookWorkerFunction = fn;
  }

  /**
   * The API functions are deployed through their `live` alias: in prod 10% of the traffic for
   * five minutes first, rolled back automatically when the alias's errors alarm fires.
   */
  private addGradualDeployment(): void {
    const config = this.config.canary ? codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES : codedeploy.LambdaDeploymentConfig.ALL_AT_ONCE;
    const application = new codedeploy.LambdaApplication(this, 'ApiDeployments');
    for (const [name, alias] of Object.entries(this.apiAliases)) {
      const group = new codedeploy.LambdaDeploymentGroup(this, `${pascal(name)}Deployment`, {
        application,
        alias,
        deploymentConfig: config,
        alarms: [this.operations.aliasErrorAlarm(name, alias)],
        autoRollback: { failedDeployment: true, deploymentInAlarm: true, stoppedDeployment: true },
      });
      Validations.of(group.role).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited]',
        reason: 'The AWS managed role policy CodeDeploy needs to shift Lambda alias traffic; scoped to functions by AWS.',
      });
    }
  }
}

