/**
 * The AWS pieces of joining and alerts in the API stack (the user pool itself, open to self
 * sign-up by e-mail or phone with codes through SES and an operator-only `provinces` attribute,
 * is in the data stack):
 * - the grant function on `RoleRequestDecided`: its only permission beyond its own logs and
 *   traces is `cognito-idp:AdminAddUserToGroup` on the pool;
 * - the alert worker on a one-minute schedule: SES v2 `SendEmail` from the verified identity and
 *   End User Messaging SMS `SendTextMessage`, reading and writing the table.
 *
 * Configuration (CDK context): `sesFromEmail` (the verified sender, also Cognito's; default
 * `no-reply@ketnoi.vn`), `portalUrl`, `smsOriginationIdentity` (a phone number, sender id or pool;
 * unset: the account default).
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import { RoleRequestDecided } from '#events/role-request-decided.ts';
import type { KetNoiStack } from '#infra/stack.ts';
import { accountInFinding } from '#infra/functions.ts';

export class Joining extends Construct {
  readonly grantFunction: lambda.Function;
  readonly alertWorkerFunction: lambda.Function;
  readonly emailIdentity: ses.EmailIdentity;

  constructor(scope: Construct, id: string, props: { stack: KetNoiStack }) {
    super(scope, id);
    const { stack } = props;
    const ctx = (key: string) => stack.node.tryGetContext(key) as string | undefined;
    const fromEmail = stack.config.sesFromEmail ?? 'no-reply@ketnoi.vn';
    const domain = fromEmail.split('@')[1]!;

    this.emailIdentity = new ses.EmailIdentity(this, 'AlertEmailIdentity', { identity: ses.Identity.domain(domain) });
    const identityArn = Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: this.emailIdentity.emailIdentityName });

    // Approval → group: a function that can do nothing but add users to this pool's groups.
    this.grantFunction = stack.createFunction('GrantRoleFunction', {
      entry: 'functions/handlers/grant-role.ts',
      description: 'Kết Nối: puts an approved person in their Cognito group (AdminAddUserToGroup only)',
      environment: { USER_POOL_ID: stack.data.userPool.userPoolId },
      table: 'none',
      cursorKey: false,
    });
    this.grantFunction.addToRolePolicy(new iam.PolicyStatement({ actions: ['cognito-idp:AdminAddUserToGroup'], resources: [stack.data.userPool.userPoolArn] }));
    new events.Rule(this, 'RoleDecidedRule', {
      description: 'Kết Nối: role decisions to the grant function',
      eventBus: stack.eventBus,
      eventPattern: { source: [RoleRequestDecided.source], detailType: [RoleRequestDecided.name] },
      targets: [new targets.LambdaFunction(this.grantFunction, { retryAttempts: 185, maxEventAge: Duration.hours(24), deadLetterQueue: stack.eventsDlq })],
    });
    // A grant is idempotent (adding a member twice is a no-op), so retries are safe.
    this.grantFunction.configureAsyncInvoke({ retryAttempts: 2, maxEventAge: Duration.hours(6), onFailure: new destinations.SqsDestination(stack.eventsDlq) });

    // The alert worker: sends due e-mail and SMS; a missed pass is caught up by the next one.
    this.alertWorkerFunction = stack.createFunction('AlertWorkerFunction', {
      entry: 'functions/handlers/alert-worker.ts',
      description: 'Kết Nối: alert worker (due e-mail and SMS)',
      timeout: Duration.seconds(60),
      table: 'readWrite',
      environment: {
        API_URL: stack.httpApi.apiEndpoint,
        ALERT_FROM_EMAIL: fromEmail,
        ...(ctx('portalUrl') ? { PORTAL_URL: ctx('portalUrl')! } : {}),
        ...(ctx('smsOriginationIdentity') ? { SMS_ORIGINATION_IDENTITY: ctx('smsOriginationIdentity')! } : {}),
      },
    });
    this.alertWorkerFunction.addToRolePolicy(new iam.PolicyStatement({ actions: ['ses:SendEmail'], resources: [identityArn], conditions: { StringEquals: { 'ses:FromAddress': fromEmail } } }));
    this.alertWorkerFunction.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['sms-voice:SendTextMessage'], resources: [Stack.of(this).formatArn({ service: 'sms-voice', resource: '*' })] }),
    );
    new events.Rule(this, 'AlertWorkerSchedule', {
      description: 'Kết Nối: send due alerts',
      schedule: events.Schedule.rate(Duration.minutes(1)),
      targets: [new targets.LambdaFunction(this.alertWorkerFunction, { retryAttempts: 0, maxEventAge: Duration.minutes(2), deadLetterQueue: stack.eventsDlq })],
    });
    // A failed pass is not retried: the next minute's pass sends what is still due.
    this.alertWorkerFunction.configureAsyncInvoke({ retryAttempts: 0, onFailure: new destinations.SqsDestination(stack.eventsDlq) });
    Validations.of(this.alertWorkerFunction).acknowledge({ id: 'Serverless-LambdaDLQ', reason: 'Failed scheduled passes go to EventsDlq through an on-failure destination (EventInvokeConfig).' });
    Validations.of(this.grantFunction).acknowledge({ id: 'Serverless-LambdaDLQ', reason: 'Failed grants go to EventsDlq through an on-failure destination (EventInvokeConfig).' });
    Validations.of(this.alertWorkerFunction.role!).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:sms-voice:${Stack.of(this).region}:${accountInFinding(Stack.of(this))}:*]`,
      reason: 'SendTextMessage is authorised on the origination identity, which is account configuration (context smsOriginationIdentity), not a resource of this stack.',
    });
  }
}
