/**
 * Deployment configuration per stage. The stage comes from context (`-c stage=dev|prod`, dev by
 * default); every value below can be overridden with a context key of the same name
 * (`-c opsEmail=ops@example.vn`, `-c callbackUrls=https://a,https://b`), so an operator never edits
 * this file to deploy. Nothing here is a secret.
 */
import type { Node } from 'constructs';

export const STAGES = ['dev', 'prod'] as const;
export type StageName = (typeof STAGES)[number];

export interface StageConfig {
  stage: StageName;
  /** Receives every alarm (an SNS e-mail subscription the address must confirm). Unset: the topic has no subscriber. */
  opsEmail?: string;
  /** The functions' log level; debug logs are also sampled at `debugSampleRate` of invocations. */
  logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  debugSampleRate: number;
  /** Default stage throttling of the HTTP API (steady requests per second, burst). */
  apiRateLimit: number;
  apiBurstLimit: number;
  /** WAF rate-based rule: requests per 5 minutes from one IP before it is blocked. */
  wafRateLimitPer5Min: number;
  /** OAuth callback and sign-out URLs of the app client (authorization code + PKCE only). */
  callbackUrls: string[];
  logoutUrls: string[];
  /** Cognito mails from this verified SES identity; unset: Cognito's own mailer (50 mails a day). */
  sesFromEmail?: string;
  /** Optional custom domain of the CloudFront distribution (the certificate must be in us-east-1). */
  domainName?: string;
  certificateArn?: string;
  /** Gradual deployment of the API functions: a canary in prod, all at once in dev. */
  canary: boolean;
  /** Stateful resources are kept when the stack is deleted (prod) or removed with it (dev). */
  retainData: boolean;
}

const DEFAULTS: Record<StageName, StageConfig> = {
  dev: {
    stage: 'dev',
    logLevel: 'INFO',
    debugSampleRate: 0.1,
    apiRateLimit: 50,
    apiBurstLimit: 100,
    wafRateLimitPer5Min: 2000,
    callbackUrls: ['http://localhost:5173/auth/callback'],
    logoutUrls: ['http://localhost:5173/'],
    canary: false,
    retainData: false,
  },
  prod: {
    stage: 'prod',
    logLevel: 'INFO',
    debugSampleRate: 0.01,
    // 2M requests a month is ~0.8 request/s on average; the limits leave room for peaks.
    apiRateLimit: 200,
    apiBurstLimit: 400,
    wafRateLimitPer5Min: 1000,
    callbackUrls: ['https://ketnoi.example.vn/auth/callback'],
    logoutUrls: ['https://ketnoi.example.vn/'],
    canary: true,
    retainData: true,
  },
};

const list = (v: unknown): string[] | undefined =>
  v === undefined ? undefined : Array.isArray(v) ? v.map(String) : String(v).split(',').map((s) => s.trim()).filter(Boolean);
const num = (v: unknown): number | undefined => (v === undefined ? undefined : Number(v));

/** The stage's configuration, with context overrides applied; throws on an unknown stage. */
export function stageConfig(node: Node): StageConfig {
  const stage = String(node.tryGetContext('stage') ?? 'dev');
  if (!(STAGES as readonly string[]).includes(stage)) throw new Error(`Unknown stage "${stage}": use -c stage=${STAGES.join('|')}`);
  const base = DEFAULTS[stage as StageName];
  const ctx = (key: keyof StageConfig) => node.tryGetContext(key) as unknown;
  const config: StageConfig = {
    ...base,
    opsEmail: (ctx('opsEmail') as string | undefined) ?? base.opsEmail,
    logLevel: ((ctx('logLevel') as string | undefined)?.toUpperCase() as StageConfig['logLevel']) ?? base.logLevel,
    debugSampleRate: num(ctx('debugSampleRate')) ?? base.debugSampleRate,
    apiRateLimit: num(ctx('apiRateLimit')) ?? base.apiRateLimit,
    apiBurstLimit: num(ctx('apiBurstLimit')) ?? base.apiBurstLimit,
    wafRateLimitPer5Min: num(ctx('wafRateLimitPer5Min')) ?? base.wafRateLimitPer5Min,
    callbackUrls: list(ctx('callbackUrls')) ?? base.callbackUrls,
    logoutUrls: list(ctx('logoutUrls')) ?? base.logoutUrls,
    sesFromEmail: (ctx('sesFromEmail') as string | undefined) ?? base.sesFromEmail,
    domainName: (ctx('domainName') as string | undefined) ?? base.domainName,
    certificateArn: (ctx('certificateArn') as string | undefined) ?? base.certificateArn,
  };
  if (config.domainName && !config.certificateArn) throw new Error('domainName needs certificateArn (an ACM certificate in us-east-1)');
  return config;
}
