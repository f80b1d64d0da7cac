/**
 * The stateful half, in its own stack with termination protection: the table, the user pool
 * (with its pre token generation trigger, which must be in the pool's stack), the cursor key
 * secret and the KMS key that encrypts webhook signing secrets. The API stack
 * (`infra/stack.ts`) can be destroyed and redeployed without touching any of it.
 */
import { Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { ROLES } from '#domain/access.ts';
import type { StageConfig } from '#infra/config.ts';
import { loggingEnvironment, projectFunction, skipsBundling } from '#infra/functions.ts';
import { TABLE } from '#infra/table.ts';

/** `sellers` -> `Sellers`, for construct ids. */
export const pascal = (name: string) =>
  name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((s) => s[0]!.toUpperCase() + s.slice(1))
    .join('');

export interface DataStackProps extends StackProps {
  config: StageConfig;
}

export class KetNoiDataStack extends Stack {
  readonly table: dynamodb.Table;
  readonly userPool: cognito.UserPool;
  readonly userPoolClient: cognito.UserPoolClient;
  /** The pre token generation trigger (V2_0): province scope and MFA proof in access tokens. */
  readonly preTokenFunction: lambda.Function;
  /** Seals pagination cursors; read by the functions at start-up (never an environment value). */
  readonly cursorKeySecret: secretsmanager.Secret;
  /** Encrypts webhook signing secrets at rest (WEBHOOK_KMS_KEY_ID); rotated yearly by KMS. */
  readonly webhookSecretKey: kms.Key;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, { terminationProtection: props.config.retainData, ...props });
    const removalPolicy = props.config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.table = new dynamodb.Table(this, 'Table', {
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
      this.table.addGlobalSecondaryIndex({
        indexName: gsi.indexName,
        partitionKey: { name: gsi.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: gsi.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }

    this.cursorKeySecret = new secretsmanager.Secret(this, 'CursorKey', {
      description: 'Kết Nối: key that seals pagination cursors',
      // 43 characters of [A-Za-z0-9] (~256 bits), all in the base64 alphabet; the '=' appended
      // where it is read makes it the 44-character base64 form of 32 bytes that config.ts wants.
      generateSecretString: { passwordLength: 43, excludePunctuation: true, includeSpace: false },
      removalPolicy,
    });
    Validations.of(this.cursorKeySecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotated by hand (docs/operations.md): a new key invalidates open pagination cursors, which clients then restart; no rotation Lambda is worth that.',
    });

    this.webhookSecretKey = new kms.Key(this, 'WebhookSecretKey', {
      description: 'Kết Nối: encrypts webhook signing secrets',
      enableKeyRotation: true,
      removalPolicy,
      pendingWindow: Duration.days(30),
    });

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      // People sign up with an e-mail or a phone number, verified by a code; a role comes only
      // from a department's approval of their role request (domain/role-requests.ts).
      selfSignUpEnabled: true,
      // Essentials (not Lite): access-token customisation by the pre token generation trigger
      // below needs it. Price: docs/operations.md (cost model).
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      signInAliases: { email: true, phone: true },
      autoVerify: { email: true, phone: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_AND_PHONE_WITHOUT_MFA,
      // An admin's provinces (comma-separated codes); set by an operator, never by the user (see the client below).
      customAttributes: { provinces: new cognito.StringAttribute({ mutable: true, maxLen: 400 }) },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Pool-wide MFA can only be off, optional or required; organisers and admins are held to
      // it by the API (see docs/operations.md), others may enrol. With MFA optional, TOTP only
      // and no remembered devices, everyone who enabled TOTP is challenged at every sign-in: the
      // pre token generation trigger relies on that (functions/handlers/pre-token.ts).
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      // Verification codes through SES, not Cognito's own mailer (50 mails a day).
      email: props.config.sesFromEmail
        ? cognito.UserPoolEmail.withSES({ fromEmail: props.config.sesFromEmail, fromName: 'Kết Nối', sesRegion: this.region })
        : cognito.UserPoolEmail.withCognito(),
      deletionProtection: props.config.retainData,
      removalPolicy,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'The role Cognito assumes to text verification codes publishes SMS straight to phone numbers through SNS, which has no topic ARN to scope to.',
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason: 'MFA is optional pool-wide so cooperatives can sign in with a password; admins and organisers must enrol (docs/operations.md).',
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason: 'The Plus feature plan costs per active user at national scale (see the cost model); Essentials is used instead.',
    });
    // The access token the portal sends lacks custom attributes and `amr`; the trigger adds the
    // province scope and the MFA proof (functions/handlers/pre-token.ts). Cognito waits 5 s.
    this.preTokenFunction = projectFunction(
      this,
      'PreTokenFunction',
      {
        entry: 'functions/handlers/pre-token.ts',
        description: 'Kết Nối: province scope and MFA proof in access tokens (AdminGetUser only)',
        environment: loggingEnvironment(props.config),
        timeout: Duration.seconds(5),
      },
      { config: props.config, skipBundling: skipsBundling(this.node) },
    );
    this.userPool.addTrigger(cognito.UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, this.preTokenFunction, cognito.LambdaVersion.V2_0);
    // A policy of its own, not the role's default policy: the function waits for its default
    // policy, the pool waits for the function, so the pool's ARN there would be a cycle.
    new iam.Policy(this, 'PreTokenFunctionPolicy', {
      roles: [this.preTokenFunction.role!],
      statements: [new iam.PolicyStatement({ actions: ['cognito-idp:AdminGetUser'], resources: [this.userPool.userPoolArn] })],
    });
    Validations.of(this.preTokenFunction).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason: 'Invoked synchronously by Cognito at sign-in: a failure fails that sign-in, and there is nothing to dead-letter.',
    });

    // The groups are the roles; they reach the functions as the `cognito:groups` claim.
    for (const role of ROLES) {
      new cognito.UserPoolGroup(this, `Group${pascal(role)}`, { userPool: this.userPool, groupName: role });
    }
    this.userPoolClient = this.userPool.addClient('AppClient', {
      generateSecret: false,
      // The portal signs in through the hosted UI: authorization code with PKCE, no implicit flow.
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: props.config.callbackUrls,
        logoutUrls: props.config.logoutUrls,
      },
      // People may write their contact details but never their own province scope.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true, phoneNumber: true, fullname: true, locale: true }),
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, phoneNumber: true, phoneNumberVerified: true, fullname: true, locale: true })
        .withCustomAttributes('provinces'),
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });
  }
}
