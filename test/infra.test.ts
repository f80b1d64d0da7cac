/**
 * The CDK stacks of one stage, synthesised in-process once without bundling (`skipBundling`)
 * and checked by cdk-nag in the same synthesis, then checked against the shared definitions
 * they are built from: `infra/table.ts`, the route groups and the access table.
 */
import { API_FUNCTION_TIMEOUT_SECONDS } from '#infra/limits.ts';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, type CfnElement, type Stack } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACCESS, ROLES } from '#domain/access.ts';
import { API, allRoutes } from '#functions/routes/index.ts';
import { KetNoiDataStack } from '#infra/data-stack.ts';
import { stageConfig } from '#infra/config.ts';
import { ketNoiStacks, type KetNoiStacks } from '#infra/ketnoi.ts';
import {
  EXPIRY_SCHEDULE,
  KetNoiStack,
  STREAM_ENTITIES,
  STREAM_MAX_RECORD_AGE_HOURS,
  TABLE_READ_ACTIONS,
  TABLE_WRITE_ACTIONS,
  WEBHOOK_WORKER_TIMEOUT_SECONDS,
} from '#infra/stack.ts';
import { TABLE } from '#infra/table.ts';
import { bundleEntry } from '#test/support/bundle.ts';
import { synthWithNag, type NagResult } from '#test/support/nag.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };

let stacks: KetNoiStacks;
let stack: KetNoiStack;
let template: Template;
let dataTemplate: Template;
const ofType = (type: string, t: Template = template): [string, Resource][] => Object.entries(t.findResources(type)) as [string, Resource][];
const ENV = { account: '111111111111', region: 'ap-southeast-1' };
/** The prod stage, with an operations address, as `cdk deploy -c stage=prod -c opsEmail=…` would make it. */
const CONTEXT = { skipBundling: true, stage: 'prod', opsEmail: 'ops@example.vn' };

/** The logical id of a construct's CloudFormation resource in its stack. */
const idOf = (s: Stack, c: { node: { defaultChild?: unknown } }) => s.getLogicalId(c.node.defaultChild as CfnElement);
const roleIdOf = (s: Stack, fn: lambda.Function) => idOf(s, fn.role! as never);
/** The API functions, told apart from the background ones by their description. */
const apiFunctions = () => ofType('AWS::Lambda::Function').filter(([, fn]) => / routes$/.test(fn.Properties.Description as string));
/** Every statement of the policies attached to a role. */
const statementsOf = (roleId: string) =>
  ofType('AWS::IAM::Policy')
    .filter(([, p]) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as any[]);
const actionsOf = (statements: any[]) => statements.flatMap((s) => [s.Action].flat() as string[]);

/** Stream, expiry, events consumer, webhook worker, and the grant and alert-worker functions (infra/joining.ts). */
const BACKGROUND_FUNCTIONS = 6;

let nag: NagResult;

beforeAll(() => {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'ketnoi-cdk-')), builtinCloudFormationValidation: false, context: CONTEXT });
  stacks = ketNoiStacks(app, ENV);
  stack = stacks.api;
  nag = synthWithNag(app);
  template = Template.fromStack(stacks.api);
  dataTemplate = Template.fromStack(stacks.data);
});

describe('cdk-nag', () => {
  it('reports no unacknowledged AwsSolutions or Serverless error on any stack', () => {
    expect(nag.error).toBeUndefined();
    expect(nag.errors).toEqual([]);
  });

  it('gives every acknowledgement a written reason', () => {
    expect(nag.acknowledgements.length).toBeGreaterThan(10);
    for (const ack of nag.acknowledgements) expect(ack.reason.length, `${ack.path} ${ack.id}`).toBeGreaterThan(30);
  });

  it('synthesises without an account, as `npm run synth` does on a machine with no AWS credentials', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'ketnoi-noaccount-')), builtinCloudFormationValidation: false, context: CONTEXT });
    ketNoiStacks(app, { region: ENV.region });
    const result = synthWithNag(app);
    expect(result.error).toBeUndefined();
    expect(result.errors).toEqual([]);
  });

  it('fails the synthesis when a rule is broken on purpose', async () => {
    const { Stack: CdkStack } = await import('aws-cdk-lib');
    const sqs = await import('aws-cdk-lib/aws-sqs');
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'ketnoi-nag-')), builtinCloudFormationValidation: false });
    const s = new CdkStack(app, 'Broken', { env: ENV });
    new sqs.Queue(s, 'PlainQueue', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    const broken = synthWithNag(app);
    expect(broken.error).toBeDefined();
    expect(broken.errors.map((e) => e.rule)).toEqual(expect.arrayContaining(['AwsSolutions-SQS3', 'AwsSolutions-SQS4', 'Serverless-SQSRedrivePolicy']));
  });
});

describe('the stages', () => {
  it('names the stacks after the stage and fixes no resource name that two stages would share', () => {
    expect([stacks.data, stacks.api, stacks.waf, stacks.edge].map((s) => s.stackName)).toEqual(['KetNoiProdData', 'KetNoiProdApi', 'KetNoiProdWaf', 'KetNoiProdEdge']);
    // The CDK generates the bus name from the stack's, so each stage has its own.
    for (const [, bus] of ofType('AWS::Events::EventBus')) expect(bus.Properties.Name).toMatch(/^KetNoiProdApi/);
    for (const [, fn] of ofType('AWS::Lambda::Function')) expect(fn.Properties.FunctionName).toBeUndefined();
    for (const [, q] of ofType('AWS::SQS::Queue')) expect(q.Properties.QueueName).toBeUndefined();
    // IAM rejects descriptions outside Latin-1 at deploy time (CloudFormation rule F3031).
    for (const [id, role] of ofType('AWS::IAM::Role')) expect(role.Properties.Description ?? '', id).toMatch(/^[\t\n\r\x20-\x7e\xa1-\xff]*$/);
  });

  it('keeps the stateful resources in a termination-protected stack in prod, not in dev', () => {
    expect(stacks.data.terminationProtection).toBe(true);
    expect(stacks.api.terminationProtection).toBe(false);
    const devApp = new App({ context: { stage: 'dev', skipBundling: true } });
    const dev = new KetNoiDataStack(devApp, 'D', { env: ENV, config: stageConfig(devApp.node) });
    expect(dev.terminationProtection).toBe(false);
    expect(() => stageConfig(new App({ context: { stage: 'staging' } }).node)).toThrow(/Unknown stage "staging"/);
  });
});

describe('the data stack', () => {
  it('creates the table from the shared definition', () => {
    const tables = ofType('AWS::DynamoDB::Table', dataTemplate);
    expect(tables).toHaveLength(1);
    expect(ofType('AWS::DynamoDB::Table')).toHaveLength(0);
    const props = tables[0]![1].Properties;

    expect(props.KeySchema).toEqual([
      { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
    ]);
    const keyAttributes = [TABLE.partitionKey, TABLE.sortKey, ...TABLE.globalSecondaryIndexes.flatMap((g) => [g.partitionKey, g.sortKey])];
    expect(props.AttributeDefinitions).toHaveLength(new Set(keyAttributes).size);
    expect(props.AttributeDefinitions).toEqual(expect.arrayContaining(keyAttributes.map((name) => ({ AttributeName: name, AttributeType: 'S' }))));
    expect(props.GlobalSecondaryIndexes).toHaveLength(TABLE.globalSecondaryIndexes.length);
    for (const gsi of TABLE.globalSecondaryIndexes) {
      expect(props.GlobalSecondaryIndexes).toContainEqual({
        IndexName: gsi.indexName,
        KeySchema: [
          { AttributeName: gsi.partitionKey, KeyType: 'HASH' },
          { AttributeName: gsi.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      });
    }
    expect(props.BillingMode).toBe('PAY_PER_REQUEST');
  });

  it('gives the table its stream, TTL, point-in-time recovery and deletion protection', () => {
    dataTemplate.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({
        StreamSpecification: { StreamViewType: TABLE.stream },
        TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        SSESpecification: Match.objectLike({ SSEEnabled: true }),
      }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('creates a Cognito group for each of the four roles and self sign-up by e-mail or phone, with a province scope users cannot write', () => {
    const names = ofType('AWS::Cognito::UserPoolGroup', dataTemplate).map(([, g]) => g.Properties.GroupName);
    expect(names.sort()).toEqual([...ROLES].sort());
    dataTemplate.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
      UsernameAttributes: ['email', 'phone_number'],
      Schema: Match.arrayWith([Match.objectLike({ Name: 'provinces', Mutable: true })]),
    });
    const [, client] = ofType('AWS::Cognito::UserPoolClient', dataTemplate)[0]!;
    expect(client.Properties.WriteAttributes).not.toContain('custom:provinces');
    expect(client.Properties.ReadAttributes).toContain('custom:provinces');
  });

  it('sets an explicit password policy, TOTP MFA and an app client with the authorization code flow only', () => {
    dataTemplate.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: { PasswordPolicy: { MinimumLength: 12, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true, TemporaryPasswordValidityDays: 3 } },
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
    });
    const [, client] = ofType('AWS::Cognito::UserPoolClient', dataTemplate)[0]!;
    expect(client.Properties.AllowedOAuthFlows).toEqual(['code']);
    expect(client.Properties.GenerateSecret).toBe(false);
    expect(client.Properties.CallbackURLs).toEqual(stacks.config.callbackUrls);
    expect(client.Properties.CallbackURLs.every((u: string) => u.startsWith('https://'))).toBe(true);
  });

  it('puts the pool on the Essentials plan with a V2_0 pre token generation trigger, and remembers no devices', () => {
    const fnId = idOf(stacks.data, stacks.data.preTokenFunction);
    dataTemplate.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'ESSENTIALS',
      LambdaConfig: { PreTokenGenerationConfig: { LambdaArn: { 'Fn::GetAtt': [fnId, 'Arn'] }, LambdaVersion: 'V2_0' } },
    });
    const [, pool] = ofType('AWS::Cognito::UserPool', dataTemplate)[0]!;
    // The MFA claim counts on every TOTP user being challenged at every sign-in (functions/handlers/pre-token.ts).
    expect(pool.Properties.DeviceConfiguration).toBeUndefined();
    expect(pool.Properties.LambdaConfig.PreTokenGeneration).toBeUndefined();
    dataTemplate.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: { 'Fn::GetAtt': [fnId, 'Arn'] },
      Principal: 'cognito-idp.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [idOf(stacks.data, stacks.data.userPool), 'Arn'] },
    });
    const fn = dataTemplate.findResources('AWS::Lambda::Function')[fnId]!;
    expect(fn.Properties.Runtime).toBe('nodejs22.x');
    expect(fn.Properties.Timeout).toBe(5);
  });

  it('lets the pre token function do nothing but AdminGetUser on this pool, beyond its own logs and traces', () => {
    const fn = stacks.data.preTokenFunction;
    const roleId = idOf(stacks.data, fn.role! as never);
    const statements = ofType('AWS::IAM::Policy', dataTemplate)
      .filter(([, p]) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as any[]);
    expect(actionsOf(statements).filter((a) => !/^(logs|xray):/.test(a))).toEqual(['cognito-idp:AdminGetUser']);
    const cognitoStatement = statements.find((s) => s.Action === 'cognito-idp:AdminGetUser');
    expect(cognitoStatement.Resource).toEqual({ 'Fn::GetAtt': [idOf(stacks.data, stacks.data.userPool), 'Arn'] });
    const role = dataTemplate.findResources('AWS::IAM::Role')[roleId]!;
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(role.Properties.Policies).toBeUndefined();
    const env = dataTemplate.findResources('AWS::Lambda::Function')[idOf(stacks.data, fn)]!.Properties.Environment.Variables;
    expect(Object.keys(env).filter((k) => /TABLE|CURSOR|BUS/.test(k))).toEqual([]);
  });

  it('does not enable the implicit OAuth flow on the app client', () => {
    const clients = ofType('AWS::Cognito::UserPoolClient', dataTemplate);
    expect(clients).toHaveLength(1);
    expect(clients[0]![1].Properties.AllowedOAuthFlows ?? []).not.toContain('implicit');
  });

  it('keeps the cursor key in Secrets Manager and has a rotating KMS key for webhook secrets', () => {
    expect(ofType('AWS::SecretsManager::Secret', dataTemplate)).toHaveLength(1);
    dataTemplate.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true, Description: Match.stringLikeRegexp('webhook') });
  });
});

describe('the API stack', () => {
  it('creates one Node.js 22 function per API group, traced, without runtime source maps or key values in its environment', () => {
    expect(ofType('AWS::Lambda::Function')).toHaveLength(API.length + BACKGROUND_FUNCTIONS);
    const functions = apiFunctions();
    expect(functions).toHaveLength(API.length);
    for (const [, fn] of functions) {
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.MemorySize).toBe(512);
      expect(fn.Properties.Timeout).toBe(API_FUNCTION_TIMEOUT_SECONDS);
    }
    for (const [id, fn] of ofType('AWS::Lambda::Function')) {
      expect(fn.Properties.TracingConfig, id).toEqual({ Mode: 'Active' });
      const env = fn.Properties.Environment.Variables;
      expect(JSON.stringify(env.TABLE_NAME), id).toContain('Fn::ImportValue');
      expect(env.KETNOI_MODE).toBe('aws');
      expect(env.LOG_LEVEL).toBe('INFO');
      expect(env.CURSOR_KEY, id).toBeUndefined();
      // The grant function loads no service configuration, and the background functions whose
      // cursors never leave them use a key of their own: neither reads the shared one.
      const ownKey = [stack.joining.grantFunction, stack.streamFunction, stack.expireFunction, stack.eventsFunction, stack.webhookWorkerFunction!].some((f) => idOf(stack, f) === id);
      if (ownKey) expect(env.CURSOR_KEY_SECRET_ID, id).toBeUndefined();
      else expect(JSON.stringify(env.CURSOR_KEY_SECRET_ID), id).toContain('Fn::ImportValue');
      expect(env.NODE_OPTIONS ?? '', id).not.toContain('--enable-source-maps');
    }
    const descriptions = functions.map(([, fn]) => fn.Properties.Description as string);
    for (const group of API) expect(descriptions.some((d) => d.endsWith(`: ${group.name} routes`))).toBe(true);
  });

  it('keeps every function log for one month and the access logs for three', () => {
    const groups = ofType('AWS::Logs::LogGroup').map(([, g]) => g.Properties.RetentionInDays);
    expect(groups.filter((d) => d === 30)).toHaveLength(API.length + BACKGROUND_FUNCTIONS);
    expect(groups.filter((d) => d === 90)).toHaveLength(1);
  });

  it('throttles the default stage and writes JSON access logs', () => {
    const [, apiStage] = ofType('AWS::ApiGatewayV2::Stage')[0]!;
    expect(apiStage.Properties.StageName).toBe('$default');
    expect(apiStage.Properties.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: stacks.config.apiRateLimit, ThrottlingBurstLimit: stacks.config.apiBurstLimit });
    const format = JSON.parse(apiStage.Properties.AccessLogSettings.Format as string);
    expect(format).toMatchObject({ requestId: '$context.requestId', status: '$context.status', routeKey: '$context.routeKey' });
  });

  it('creates exactly one API Gateway route per route of the API', () => {
    const keys = ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties.RouteKey as string).sort();
    expect(keys).toEqual(allRoutes().map((r) => `${r.method} ${r.path}`).sort());
  });

  it('protects every route with the JWT authorizer except those of public operations', () => {
    const routes = ofType('AWS::ApiGatewayV2::Route');
    const authorizerId = Object.keys(template.findResources('AWS::ApiGatewayV2::Authorizer'))[0];
    for (const r of allRoutes()) {
      const found = routes.find(([, res]) => res.Properties.RouteKey === `${r.method} ${r.path}`);
      expect(found, `${r.method} ${r.path}`).toBeDefined();
      const props = found![1].Properties;
      const rule = ACCESS[r.operationId] as { public?: boolean };
      if (rule.public === true) {
        expect(props.AuthorizationType, r.operationId).toBe('NONE');
        expect(props.AuthorizerId).toBeUndefined();
      } else {
        expect(props.AuthorizationType, r.operationId).toBe('JWT');
        expect(props.AuthorizerId).toEqual({ Ref: authorizerId });
      }
    }
  });

  it('sends each route to the live alias of its group’s function, deployed by a CodeDeploy canary with rollback', () => {
    const integrations = template.findResources('AWS::ApiGatewayV2::Integration');
    expect(Object.keys(integrations)).toHaveLength(API.length);
    const routes = ofType('AWS::ApiGatewayV2::Route');
    for (const group of API) {
      const aliasId = idOf(stack, stack.apiAliases[group.name]!);
      const [integrationId] = Object.entries(integrations).find(([, i]) => JSON.stringify((i as Resource).Properties.IntegrationUri) === JSON.stringify({ Ref: aliasId }))!;
      for (const r of group.routes) {
        const [, route] = routes.find(([, res]) => res.Properties.RouteKey === `${r.method} ${r.path}`)!;
        expect(JSON.stringify(route.Properties.Target)).toContain(integrationId);
      }
    }
    const groups = ofType('AWS::CodeDeploy::DeploymentGroup');
    expect(groups).toHaveLength(API.length);
    for (const [, g] of groups) {
      expect(g.Properties.DeploymentConfigName).toBe('CodeDeployDefault.LambdaCanary10Percent5Minutes');
      expect(g.Properties.AutoRollbackConfiguration.Events).toEqual(expect.arrayContaining(['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM']));
      expect(g.Properties.AlarmConfiguration.Alarms).toHaveLength(1);
    }
  });

  it('has a JWT authorizer on the user pool and its app client', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    const [, authorizer] = ofType('AWS::ApiGatewayV2::Authorizer')[0]!;
    expect(authorizer.Properties.AuthorizerType).toBe('JWT');
    const config = JSON.stringify(authorizer.Properties.JwtConfiguration);
    expect(config).toContain('https://cognito-idp.ap-southeast-1.amazonaws.com/');
    expect(config).toContain(idOf(stacks.data, stacks.data.userPool));
    expect(config).toContain(idOf(stacks.data, stacks.data.userPoolClient));
  });

  it('lets only the functions that hand out cursors or unsubscribe links read the cursor key', () => {
    const readers = Object.keys(template.findResources('AWS::IAM::Policy')).filter((id) =>
      JSON.stringify(template.findResources('AWS::IAM::Policy')[id]).includes('secretsmanager:GetSecretValue'),
    );
    expect(readers.length).toBe(API.length + 1);
    for (const f of [stack.streamFunction, stack.expireFunction, stack.eventsFunction, stack.webhookWorkerFunction, stack.joining.grantFunction]) {
      expect(actionsOf(statementsOf(roleIdOf(stack, f!))), f!.node.id).not.toContain('secretsmanager:GetSecretValue');
    }
    expect(actionsOf(statementsOf(roleIdOf(stack, stack.joining.alertWorkerFunction)))).toContain('secretsmanager:GetSecretValue');
  });

  it('lets the grant function do nothing but AdminAddUserToGroup, beyond its own logs, traces and failure queue', () => {
    const fn = stack.joining.grantFunction;
    const actions = actionsOf(statementsOf(roleIdOf(stack, fn))).filter((a) => !/^(logs|xray|sqs):/.test(a));
    expect(actions).toEqual(['cognito-idp:AdminAddUserToGroup']);
    const props = template.findResources('AWS::Lambda::Function')[idOf(stack, fn)]!.Properties;
    expect(props.Environment.Variables.CURSOR_KEY_SECRET_ID).toBeUndefined();
  });

  it('exports the API URL, user pool, client, table name, bus name and stream DLQ', () => {
    for (const name of ['ApiUrl', 'UserPoolId', 'UserPoolClientId', 'TableName', 'EventBusName', 'StreamDlqUrl']) template.hasOutput(name, {});
    template.hasOutput('EventBusName', { Value: { Ref: idOf(stack, stack.eventBus) } });
    template.hasOutput('StreamDlqUrl', { Value: { Ref: idOf(stack, stack.streamDlq) } });
  });
});

describe('least privilege', () => {
  const functionsWithTable = () => [
    ...Object.entries(stack.apiFunctions).filter(([name]) => name !== 'meta'),
    ['stream', stack.streamFunction],
    ['expire', stack.expireFunction],
    ['events', stack.eventsFunction],
    ...(stack.webhookWorkerFunction ? [['webhookWorker', stack.webhookWorkerFunction]] : []),
  ] as [string, lambda.Function][];

  it('grants no wildcard action, and no scan or batch write, to any function', () => {
    const statements = ofType('AWS::IAM::Policy').flatMap(([, p]) => p.Properties.PolicyDocument.Statement as any[]);
    expect(statements.length).toBeGreaterThan(0);
    for (const action of actionsOf(statements)) {
      expect(action).not.toMatch(/^dynamodb:(\*|Scan|BatchWriteItem|BatchGetItem)$/);
      expect(action).not.toBe('*');
    }
  });

  it('lets each data function use exactly the table actions it needs, on the table and on named indexes only', () => {
    for (const [name, fn] of functionsWithTable()) {
      const dynamo = statementsOf(roleIdOf(stack, fn)).filter((s) => actionsOf([s]).some((a) => a.startsWith('dynamodb:') && a !== 'dynamodb:ListStreams'));
      // The stream event source adds its own stream-read actions on the stream ARN.
      const tableActions = new Set(actionsOf(dynamo).filter((a) => !/Stream|Shard|GetRecords/.test(a)));
      expect([...tableActions].sort(), name).toEqual([...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS].sort());
      const resources = JSON.stringify(dynamo.flatMap((s) => [s.Resource].flat()));
      expect(resources, name).not.toContain('index/*');
      for (const gsi of TABLE.globalSecondaryIndexes) expect(resources, name).toContain(`/index/${gsi.indexName}`);
    }
  });

  it('gives the meta function no table access at all', () => {
    const statements = statementsOf(roleIdOf(stack, stack.apiFunctions.meta!));
    expect(statements.length).toBeGreaterThan(0);
    expect(actionsOf(statements).filter((a) => a.startsWith('dynamodb:'))).toEqual([]);
  });

  it('lets only the stream function and the admin function (replaying a parked record relays its events) put events on the bus', () => {
    const putters = ofType('AWS::IAM::Policy').filter(([, p]) => actionsOf(p.Properties.PolicyDocument.Statement).includes('events:PutEvents'));
    const roles = putters.flatMap(([, p]) => p.Properties.Roles.map((r: { Ref: string }) => r.Ref)).sort();
    expect(roles).toEqual([stack.streamFunction, stack.apiFunctions.admin!].map((fn) => roleIdOf(stack, fn)).sort());
  });

  it('lets only the functions that handle webhook secrets use the KMS key, without wildcard actions', () => {
    const users = ofType('AWS::IAM::Policy').filter(([, p]) => actionsOf(p.Properties.PolicyDocument.Statement).some((a) => a.startsWith('kms:')));
    const roles = users.flatMap(([, p]) => p.Properties.Roles.map((r: { Ref: string }) => r.Ref)).sort();
    const expected = [stack.apiFunctions.webhooks!, stack.eventsFunction, ...(stack.webhookWorkerFunction ? [stack.webhookWorkerFunction] : [])].map((fn) => roleIdOf(stack, fn)).sort();
    expect(roles).toEqual(expected);
    for (const [, p] of users) for (const a of actionsOf(p.Properties.PolicyDocument.Statement)) expect(a).not.toContain('*');
  });
});

describe('the background processing', () => {
  const streamMapping = () => {
    const mappings = ofType('AWS::Lambda::EventSourceMapping').filter(([, m]) => JSON.stringify(m.Properties.EventSourceArn).includes('StreamArn'));
    expect(mappings).toHaveLength(1);
    return mappings[0]![1].Properties;
  };

  it('runs the stream function on the table stream, in order, with per-record failures, bisection, retries, a record age limit and a DLQ', () => {
    const p = streamMapping();
    expect(p.FunctionName).toEqual({ Ref: idOf(stack, stack.streamFunction) });
    expect(p.StartingPosition).toBe('TRIM_HORIZON');
    expect(p.BatchSize).toBe(100);
    expect(p.MaximumBatchingWindowInSeconds).toBe(1);
    expect(p.BisectBatchOnFunctionError).toBe(true);
    expect(p.MaximumRetryAttempts).toBe(10);
    expect(p.MaximumRecordAgeInSeconds).toBe(STREAM_MAX_RECORD_AGE_HOURS * 3600);
    expect(p.ParallelizationFactor).toBe(1);
    expect(p.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(p.DestinationConfig.OnFailure.Destination).toEqual({ 'Fn::GetAtt': [idOf(stack, stack.streamDlq), 'Arn'] });
    const fn = template.findResources('AWS::Lambda::Function')[idOf(stack, stack.streamFunction)]!;
    expect(fn.Properties.Timeout).toBe(60);
    expect(fn.Properties.MemorySize).toBe(1024);
  });

  it('filters the stream to the entities the stream function handles, by new or old image', () => {
    const patterns = (streamMapping().FilterCriteria.Filters as { Pattern: string }[]).map((f) => JSON.parse(f.Pattern));
    expect(patterns).toHaveLength(2);
    expect(patterns.find((pt) => pt.dynamodb.NewImage)).toEqual({ dynamodb: { NewImage: { entity: { S: [...STREAM_ENTITIES] } } } });
    // Removals: the domain entities (an outbox item's TTL removal is of no interest).
    expect(patterns.find((pt) => pt.dynamodb.OldImage)).toEqual({ dynamodb: { OldImage: { entity: { S: STREAM_ENTITIES.filter((e) => e !== 'outbox') } } } });
  });

  it('runs the expiry function daily at 00:00 Vietnam time, with retries and a DLQ', () => {
    const expiryDlq = { 'Fn::GetAtt': [idOf(stack, stack.expiryDlq), 'Arn'] };
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: EXPIRY_SCHEDULE,
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [idOf(stack, stack.expireFunction), 'Arn'] }, RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 3 }), DeadLetterConfig: { Arn: expiryDlq } })],
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: idOf(stack, stack.expireFunction) },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: expiryDlq } },
    });
    expect(EXPIRY_SCHEDULE).toBe('cron(0 17 * * ? *)');
  });

  it("sends the service's own events on its bus to the events function, with retries and a DLQ", () => {
    // (infra/joining.ts adds a rule of its own for RoleRequestDecided, to the grant function.)
    const rules = ofType('AWS::Events::Rule').filter(([, r]) => r.Properties.EventBusName && r.Properties.EventPattern?.source?.[0]?.prefix);
    expect(rules).toHaveLength(1);
    const p = rules[0]![1].Properties;
    expect(p.EventBusName).toEqual({ Ref: idOf(stack, stack.eventBus) });
    expect(p.EventPattern).toEqual({ source: [{ prefix: 'ketnoi.' }] });
    const target = p.Targets[0];
    expect(target.Arn).toEqual({ 'Fn::GetAtt': [idOf(stack, stack.eventsFunction), 'Arn'] });
    expect(target.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 24 * 3600, MaximumRetryAttempts: 185 });
    expect(target.DeadLetterConfig.Arn).toEqual({ 'Fn::GetAtt': [idOf(stack, stack.eventsDlq), 'Arn'] });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: idOf(stack, stack.eventsFunction) },
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [idOf(stack, stack.eventsDlq), 'Arn'] } } },
    });
  });

  it('schedules webhook deliveries through an SQS queue with a DLQ, bounded concurrency and a visibility timeout of six function timeouts, reconciled every five minutes', () => {
    const worker = stack.webhookWorkerFunction!;
    const queueId = idOf(stack, stack.webhookQueue!);
    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 6 * WEBHOOK_WORKER_TIMEOUT_SECONDS,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [idOf(stack, stack.webhookDlq!), 'Arn'] }, maxReceiveCount: 5 },
    });
    expect(template.findResources('AWS::Lambda::Function')[idOf(stack, worker)]!.Properties.Timeout).toBe(WEBHOOK_WORKER_TIMEOUT_SECONDS);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      FunctionName: { Ref: idOf(stack, worker) },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 5 },
    });
    // The queue schedules; one five-minute rule only reconciles deliveries whose message was lost.
    const workerRules = ofType('AWS::Events::Rule').filter(([, r]) => JSON.stringify(r.Properties.Targets).includes(idOf(stack, worker)));
    expect(workerRules.map(([, r]) => r.Properties.ScheduleExpression)).toEqual(['rate(5 minutes)']);
    // The webhooks routes queue a retry someone asked for.
    for (const fn of [worker, stack.eventsFunction, stack.apiFunctions.webhooks!]) {
      const props = template.findResources('AWS::Lambda::Function')[idOf(stack, fn)]!.Properties;
      expect(props.Environment.Variables.WEBHOOK_QUEUE_URL).toEqual({ Ref: queueId });
      expect(actionsOf(statementsOf(roleIdOf(stack, fn)))).toContain('sqs:SendMessage');
    }
  });
});

describe('the alarms and dashboard', () => {
  const alarms = () => ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
  const topicRef = () => ({ Ref: idOf(stack, stack.operations.topic) });

  it('alarms when any dead-letter queue is not empty', () => {
    const dlqs = [stack.streamDlq, stack.eventsDlq, stack.expiryDlq, ...(stack.webhookDlq ? [stack.webhookDlq] : [])];
    for (const dlq of dlqs) {
      const found = alarms().filter(
        (a) => a.MetricName === 'ApproximateNumberOfMessagesVisible' && JSON.stringify(a.Dimensions) === JSON.stringify([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [idOf(stack, dlq), 'QueueName'] } }]),
      );
      expect(found, dlq.node.id).toHaveLength(1);
      expect(found[0]!.Threshold).toBe(0);
      expect(found[0]!.ComparisonOperator).toBe('GreaterThanThreshold');
    }
  });

  it('alarms on the stream iterator age, each function’s errors and throttles, the API 5xx rate and dead webhook deliveries', () => {
    const all = alarms();
    expect(all.filter((a) => a.MetricName === 'IteratorAge' && a.Threshold === 60_000)).toHaveLength(1);
    // The data stack's pre token generation trigger has its alarms here too.
    const fnCount = API.length + BACKGROUND_FUNCTIONS + 1;
    expect(all.filter((a) => a.MetricName === 'Throttles')).toHaveLength(fnCount);
    // One per function, one per live alias (the canary's rollback alarm).
    expect(all.filter((a) => a.MetricName === 'Errors')).toHaveLength(fnCount + API.length);
    expect(all.filter((a) => JSON.stringify(a.Metrics ?? []).includes('5xx'))).toHaveLength(1);
    expect(all.filter((a) => a.MetricName === 'WebhookDeliveriesDead' && a.Namespace === 'KetNoi')).toHaveLength(1);
  });

  it('sends every alarm to the operations topic, which mails the configured address', () => {
    for (const a of alarms()) expect(a.AlarmActions, a.AlarmDescription).toEqual([topicRef()]);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: CONTEXT.opsEmail, TopicArn: topicRef() });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
  });

  it('has one dashboard with tonnage, proposals, confirmations and deliveries', () => {
    const dashboards = ofType('AWS::CloudWatch::Dashboard');
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0]![1].Properties.DashboardBody);
    for (const metric of ['TonnageConfirmed', 'MatchesProposed', 'MatchesConfirmed', 'WebhookDeliveriesOk']) expect(body).toContain(metric);
  });
});

describe('the edge', () => {
  it('serves the portal from a private bucket through OAC and the API under /v1/* uncached, behind the web ACL', () => {
    const edge = Template.fromStack(stacks.edge);
    edge.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
    edge.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    const [, dist] = Object.entries(edge.findResources('AWS::CloudFront::Distribution'))[0]! as [string, Resource];
    const config = dist.Properties.DistributionConfig;
    expect(JSON.stringify(config.WebACLId)).toBeTruthy();
    const api = config.CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === '/v1/*');
    expect(api.AllowedMethods).toHaveLength(7);
    expect(api.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad'); // CachingDisabled
    expect(api.ViewerProtocolPolicy).toBe('https-only');
    const apiOrigin = config.Origins.find((o: { Id: string }) => o.Id === api.TargetOriginId);
    expect(JSON.stringify(apiOrigin.DomainName)).toContain('execute-api');
  });

  it('puts AWS managed rule groups and a per-IP rate rule on the CloudFront web ACL in us-east-1', () => {
    expect(stacks.waf.region).toBe('us-east-1');
    const waf = Template.fromStack(stacks.waf);
    const [, acl] = Object.entries(waf.findResources('AWS::WAFv2::WebACL'))[0]! as [string, Resource];
    expect(acl.Properties.Scope).toBe('CLOUDFRONT');
    const rules = acl.Properties.Rules as any[];
    expect(rules.find((r) => r.Statement.RateBasedStatement)?.Statement.RateBasedStatement).toEqual({ Limit: stacks.config.wafRateLimitPer5Min, AggregateKeyType: 'IP' });
    expect(rules.filter((r) => r.Statement.ManagedRuleGroupStatement).map((r) => r.Statement.ManagedRuleGroupStatement.Name)).toContain('AWSManagedRulesCommonRuleSet');
  });
});

describe('the function bundle', () => {
  it('bundles the sellers handler as deployed within 5% of its recorded size, without zod classic', async () => {
    const recorded = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/bench/bundles.json'), 'utf8')) as { bytes: Record<string, number> };
    const { code, map, metafile } = await bundleEntry('functions/handlers/sellers.ts');
    // `npm run bench:bundles -- --record` records a new size after a deliberate change.
    expect(code.byteLength).toBeLessThanOrEqual(recorded.bytes.sellers! * 1.05);
    expect(code.byteLength).toBeLessThan(1.5 * 1024 * 1024);
    // Maps for debugging are built, without the sources in them.
    expect(JSON.parse(new TextDecoder().decode(map)).sourcesContent).toBeUndefined();
    const inputs = Object.keys(metafile.inputs);
    // The paths are relative to ROOT, so the check below is not vacuous: zod mini is there.
    expect(inputs.some((i) => i.startsWith('node_modules/zod/v4/'))).toBe(true);
    expect(inputs.filter((i) => i.includes('node_modules/zod/v4/classic'))).toEqual([]);
  }, 60_000);
});
