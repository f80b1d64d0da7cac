/**
 * The AWS pieces of joining and alerts, added to the stack with one line:
 * - the user pool opened to self sign-up with an e-mail or a phone number, verified by code,
 *   its codes e-mailed through SES (not Cognito's default 50-a-day sender), a `provinces`
 *   custom attribute for admins' scope that users cannot write themselves;
 * - the grant function on `RoleRequestDecided`: its only permission is
 *   `cognito-idp:AdminAddUserToGroup` on this pool;
 * - the alert worker on a one-minute schedule: SES v2 `SendEmail` from the verified identity and
 *   End User Messaging SMS `SendTextMessage`, reading and writing the table.
 *
 * Configuration (CDK context): `alertEmailIdentity` (a domain or address verified in SES, default
 * `ketnoi.vn`), `alertFromEmail` (default `no-reply@<identity>`), `portalUrl`,
 * `smsOriginationIdentity` (a phone number, sender id or pool; unset: the account default).
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import { RoleRequestDecided } from '#events/role-request-decided.ts';
import type { KetNoiStack } from '#infra/stack.ts';

export const GRANT_ROLE_ENTRY = 'functions/handlers/grant-role.ts';
export const ALERT_WORKER_ENTRY = 'functions/handlers/alert-worker.ts';

export class Joining extends Construct {
  readonly grantFunction: lambda.Function;
  readonly alertWorkerFunction: lambda.Function;
  readonly emailIdentity: ses.EmailIdentity;

  constructor(scope: Construct, id: string, props: { stack: KetNoiStack }) {
    super(scope, id);
    const { stack } = props;
    const ctx = (key: string) => stack.node.tryGetContext(key) as string | undefined;
    const identityName = ctx('alertEmailIdentity') ?? 'ketnoi.vn';
    const fromEmail = ctx('alertFromEmail') ?? `no-reply@${identityName.includes('@') ? identityName.split('@')[1] : identityName}`;

    this.emailIdentity = new ses.EmailIdentity(this, 'AlertEmailIdentity', {
      identity: identityName.includes('@') ? ses.Identity.email(identityName) : ses.Identity.domain(identityName),
    });
    const identityArn = Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: this.emailIdentity.emailIdentityName });

    this.configureUserPool(stack, identityArn, fromEmail);

    // Approval → group: a function that can do nothing but add users to this pool's groups.
    this.grantFunction = stack.createFunction('GrantRoleFunction', {
      entry: GRANT_ROLE_ENTRY,
      description: 'Kết Nối: puts an approved person in their Cognito group (AdminAddUserToGroup only)',
      environment: { USER_POOL_ID: stack.userPool.userPoolId },
    });
    this.grantFunction.addToRolePolicy(new iam.PolicyStatement({ actions: ['cognito-idp:AdminAddUserToGroup'], resources: [stack.userPool.userPoolArn] }));
    new events.Rule(this, 'RoleDecidedRule', {
      description: 'Kết Nối: role decisions to the grant function',
      eventBus: stack.eventBus,
      eventPattern: { source: [RoleRequestDecided.source], detailType: [RoleRequestDecided.name] },
      targets: [new targets.LambdaFunction(this.grantFunction, { retryAttempts: 185, maxEventAge: Duration.hours(24), deadLetterQueue: stack.eventsDlq })],
    });

    // The alert worker: sends due e-mail and SMS; a missed pass is caught up by the next one.
    this.alertWorkerFunction = stack.createFunction('AlertWorkerFunction', {
      entry: ALERT_WORKER_ENTRY,
      description: 'Kết Nối: alert worker (due e-mail and SMS)',
      timeout: Duration.seconds(60),
      environment: {
        API_URL: stack.httpApi.apiEndpoint,
        ALERT_FROM_EMAIL: fromEmail,
        ...(ctx('portalUrl') ? { PORTAL_URL: ctx('portalUrl')! } : {}),
        ...(ctx('smsOriginationIdentity') ? { SMS_ORIGINATION_IDENTITY: ctx('smsOriginationIdentity')! } : {}),
      },
    });
    stack.table.grantReadWriteData(this.alertWorkerFunction);
    this.alertWorkerFunction.addToRolePolicy(new iam.PolicyStatement({ actions: ['ses:SendEmail'], resources: [identityArn], conditions: { StringEquals: { 'ses:FromAddress': fromEmail } } }));
    this.alertWorkerFunction.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['sms-voice:SendTextMessage'], resources: [Stack.of(this).formatArn({ service: 'sms-voice', resource: '*' })] }),
    );
    new events.Rule(this, 'AlertWorkerSchedule', {
      description: 'Kết Nối: send due alerts',
      schedule: events.Schedule.rate(Duration.minutes(1)),
      targets: [new targets.LambdaFunction(this.alertWorkerFunction, { retryAttempts: 0, maxEventAge: Duration.minutes(2) })],
    });
  }

  /** Self sign-up by e-mail or phone, codes through SES, and the admins' province attribute. */
  private configureUserPool(stack: KetNoiStack, identityArn: string, fromEmail: string) {
    const pool = stack.userPool.node.defaultChild as cognito.CfnUserPool;
    pool.addPropertyOverride('AdminCreateUserConfig.AllowAdminCreateUserOnly', false);
    // With e-mail or phone as the user name, Cognito's user name is the `sub` (see functions/joining/cognito-groups.ts).
    pool.addPropertyDeletionOverride('AliasAttributes');
    pool.addPropertyOverride('UsernameAttributes', ['email', 'phone_number']);
    pool.addPropertyOverride('AutoVerifiedAttributes', ['email', 'phone_number']);
    pool.addPropertyOverride('EmailConfiguration', { EmailSendingAccount: 'DEVELOPER', SourceArn: identityArn, From: `Kết Nối <${fromEmail}>` });
    pool.addPropertyOverride('Schema', [
      { Name: 'email', AttributeDataType: 'String', Mutable: true, Required: false },
      { Name: 'phone_number', AttributeDataType: 'String', Mutable: true, Required: false },
      { Name: 'provinces', AttributeDataType: 'String', Mutable: true, StringAttributeConstraints: { MaxLength: '400' } },
    ]);
    // Phone codes go by SMS through SNS with a role Cognito assumes.
    const smsRole = new iam.Role(this, 'CognitoSmsRole', {
      assumedBy: new iam.ServicePrincipal('cognito-idp.amazonaws.com', { conditions: { StringEquals: { 'sts:ExternalId': 'ketnoi-cognito-sms' } } }),
      inlinePolicies: { sms: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['sns:Publish'], notResources: ['arn:aws:sns:*:*:*'] })] }) },
    });
    pool.addPropertyOverride('SmsConfiguration', { SnsCallerArn: smsRole.roleArn, ExternalId: 'ketnoi-cognito-sms', SnsRegion: Stack.of(this).region });
    // People may write their contact details but never their own province scope.
    const client = stack.userPoolClient.node.defaultChild as cognito.CfnUserPoolClient;
    client.addPropertyOverride('WriteAttributes', ['email', 'phone_number', 'name', 'locale']);
    client.addPropertyOverride('ReadAttributes', ['email', 'email_verified', 'phone_number', 'phone_number_verified', 'name', 'locale', 'custom:provinces']);
  }
}
