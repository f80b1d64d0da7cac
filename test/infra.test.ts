/**
 * The CDK stack, synthesised in-process without bundling (`skipBundling`), checked against the
 * shared definitions it is built from: `infra/table.ts`, the route groups and the access table.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACCESS, ROLES } from '#domain/access.ts';
import { API, allRoutes } from '#functions/routes/index.ts';
import { KetNoiStack } from '#infra/stack.ts';
import { TABLE } from '#infra/table.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

type Resource = { Type: string; Properties: Record<string, any> };

let template: Template;
const ofType = (type: string): [string, Resource][] => Object.entries(template.findResources(type)) as [string, Resource][];

beforeAll(() => {
  const app = new App({ context: { skipBundling: true } });
  const stack = new KetNoiStack(app, 'KetNoi', { env: { account: '111111111111', region: 'ap-southeast-1' } });
  template = Template.fromStack(stack);
});

describe('the CDK stack', () => {
  it('creates the table from the shared definition', () => {
    const tables = ofType('AWS::DynamoDB::Table');
    expect(tables).toHaveLength(1);
    const props = tables[0]![1].Properties;

    expect(props.KeySchema).toEqual([
      { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
    ]);
    const keyAttributes = [
      TABLE.partitionKey,
      TABLE.sortKey,
      ...TABLE.globalSecondaryIndexes.flatMap((g) => [g.partitionKey, g.sortKey]),
    ];
    expect(props.AttributeDefinitions).toHaveLength(new Set(keyAttributes).size);
    expect(props.AttributeDefinitions).toEqual(
      expect.arrayContaining(keyAttributes.map((name) => ({ AttributeName: name, AttributeType: 'S' }))),
    );

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
    template.hasResource('AWS::DynamoDB::Table', {
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

  it('creates one Node.js 22 function per API group with the table name in its environment', () => {
    const functions = ofType('AWS::Lambda::Function');
    expect(functions).toHaveLength(API.length);
    const tableRef = { Ref: Object.keys(template.findResources('AWS::DynamoDB::Table'))[0] };
    for (const [, fn] of functions) {
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.MemorySize).toBe(512);
      expect(fn.Properties.Timeout).toBe(10);
      const env = fn.Properties.Environment.Variables;
      expect(env.TABLE_NAME).toEqual(tableRef);
      expect(env.KETNOI_MODE).toBe('aws');
      // A dynamic reference to the generated secret, never a literal key.
      expect(JSON.stringify(env.CURSOR_KEY)).toContain('{{resolve:secretsmanager:');
    }
    const descriptions = functions.map(([, fn]) => fn.Properties.Description as string);
    for (const group of API) expect(descriptions.some((d) => d.endsWith(`: ${group.name} routes`))).toBe(true);
  });

  it('keeps every function log for one month', () => {
    const groups = ofType('AWS::Logs::LogGroup');
    expect(groups).toHaveLength(API.length);
    for (const [, g] of groups) expect(g.Properties.RetentionInDays).toBe(30);
  });

  it('creates exactly one API Gateway route per route of the API', () => {
    const routes = ofType('AWS::ApiGatewayV2::Route');
    const keys = routes.map(([, r]) => r.Properties.RouteKey as string).sort();
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

  it('sends each route to the function of its group', () => {
    const integrations = template.findResources('AWS::ApiGatewayV2::Integration');
    expect(Object.keys(integrations)).toHaveLength(API.length);
    const functions = ofType('AWS::Lambda::Function');
    const routes = ofType('AWS::ApiGatewayV2::Route');
    for (const group of API) {
      const [fnId] = functions.find(([, fn]) => (fn.Properties.Description as string).endsWith(`: ${group.name} routes`))!;
      const [integrationId] = Object.entries(integrations).find(
        ([, i]) => JSON.stringify((i as Resource).Properties.IntegrationUri) === JSON.stringify({ 'Fn::GetAtt': [fnId, 'Arn'] }),
      )!;
      for (const r of group.routes) {
        const [, route] = routes.find(([, res]) => res.Properties.RouteKey === `${r.method} ${r.path}`)!;
        expect(JSON.stringify(route.Properties.Target)).toContain(integrationId);
      }
    }
  });

  it('has a JWT authorizer on the user pool and its app client', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    const [, authorizer] = ofType('AWS::ApiGatewayV2::Authorizer')[0]!;
    expect(authorizer.Properties.AuthorizerType).toBe('JWT');
    const config = JSON.stringify(authorizer.Properties.JwtConfiguration);
    expect(config).toContain('https://cognito-idp.ap-southeast-1.amazonaws.com/');
    expect(config).toContain(Object.keys(template.findResources('AWS::Cognito::UserPool'))[0]);
    expect(config).toContain(Object.keys(template.findResources('AWS::Cognito::UserPoolClient'))[0]);
  });

  it('creates a Cognito group for each of the four roles and no self sign-up', () => {
    const names = ofType('AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties.GroupName);
    expect(names.sort()).toEqual([...ROLES].sort());
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UsernameAttributes: ['email'],
    });
  });

  it('grants no wildcard DynamoDB permissions', () => {
    const statements = ofType('AWS::IAM::Policy').flatMap(([, p]) => p.Properties.PolicyDocument.Statement as any[]);
    expect(statements.length).toBeGreaterThan(0);
    for (const s of statements) {
      const actions: string[] = [s.Action].flat();
      const resources: unknown[] = [s.Resource].flat();
      expect(actions).not.toContain('dynamodb:*');
      expect(actions).not.toContain('*');
      if (actions.some((a) => a.startsWith('dynamodb:'))) expect(resources).not.toContain('*');
    }
  });

  it('exports the API URL, user pool, client and table name', () => {
    for (const name of ['ApiUrl', 'UserPoolId', 'UserPoolClientId', 'TableName']) template.hasOutput(name, {});
  });
});

describe('the function bundle', () => {
  it('bundles the sellers handler under 1.5 MB without zod classic', async () => {
    const result = await build({
      absWorkingDir: ROOT,
      entryPoints: [path.join(ROOT, 'functions/handlers/sellers.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      mainFields: ['module', 'main'],
      minify: true,
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const bytes = result.outputFiles.reduce((n, f) => n + f.contents.byteLength, 0);
    console.log(`sellers bundle (minified, no source map): ${(bytes / 1024).toFixed(1)} KiB`);
    expect(bytes).toBeLessThan(1.5 * 1024 * 1024);
    const inputs = Object.keys(result.metafile.inputs);
    // The paths are relative to ROOT, so the check below is not vacuous: zod mini is there.
    expect(inputs.some((i) => i.startsWith('node_modules/zod/v4/'))).toBe(true);
    expect(inputs.filter((i) => i.includes('node_modules/zod/v4/classic'))).toEqual([]);
  }, 60_000);
});
