/**
 * The public edge: one CloudFront distribution in front of the web portal (a private S3 bucket
 * read through Origin Access Control) and the HTTP API (`/v1/*`, never cached), protected by an
 * AWS WAF web ACL. A web ACL for CloudFront must live in us-east-1, hence its own small stack
 * ({@link KetNoiWafStack}); the distribution stays in the service's region.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CfnElement, CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import type { StageConfig } from '#infra/config.ts';
import type { KetNoiStack } from '#infra/stack.ts';
import { accountInFinding } from '#infra/functions.ts';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Where `web/` builds the portal; deployed when present at synth time. */
export const WEB_DIST = 'web/dist';

/** The AWS managed rule groups on the web ACL, in priority order. */
export const WAF_MANAGED_RULE_GROUPS = ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesAmazonIpReputationList'] as const;

export interface WafStackProps extends StackProps {
  config: StageConfig;
}

/** The CloudFront-scoped web ACL: managed rule groups and a per-IP rate-based rule. */
export class KetNoiWafStack extends Stack {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: WafStackProps) {
    super(scope, id, props);
    const visibility = (name: string) => ({ cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: name });
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('ketnoi-edge'),
      rules: [
        {
          name: 'RatePerIp',
          priority: 0,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: props.config.wafRateLimitPer5Min, aggregateKeyType: 'IP' } },
          visibilityConfig: visibility('ketnoi-rate-per-ip'),
        },
        ...WAF_MANAGED_RULE_GROUPS.map((name, i) => ({
          name,
          priority: i + 1,
          overrideAction: { none: {} },
          statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
          visibilityConfig: visibility(name),
        })),
      ],
    });
    new CfnOutput(this, 'WebAclArn', { value: this.webAcl.attrArn });
  }
}

export interface EdgeStackProps extends StackProps {
  config: StageConfig;
  api: KetNoiStack;
  webAclArn: string;
}

export class KetNoiEdgeStack extends Stack {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** Undefined when `web/dist` did not exist at synth time (the portal is not built). */
  readonly deployment?: s3deploy.BucketDeployment;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.bucket = new s3.Bucket(this, 'PortalBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: false,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'The bucket holds the public portal build only and is read by CloudFront alone; requests are logged at the edge by WAF metrics and API access logs.',
    });

    const apiDomain = `${props.api.httpApi.apiId}.execute-api.${props.api.region}.amazonaws.com`;
    // Short for the HTML (a deploy shows at once), long for fingerprinted assets.
    const assetsCache = new cloudfront.CachePolicy(this, 'AssetsCache', {
      defaultTtl: Duration.days(365),
      maxTtl: Duration.days(365),
      minTtl: Duration.seconds(0),
      enableAcceptEncodingBrotli: true,
      enableAcceptEncodingGzip: true,
    });
    const securityHeaders = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      securityHeadersBehavior: {
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      },
    });
    const portal = origins.S3BucketOrigin.withOriginAccessControl(this.bucket);
    const certificate = config.certificateArn ? acm.Certificate.fromCertificateArn(this, 'Certificate', config.certificateArn) : undefined;

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `Kết Nối ${config.stage}: portal and API`,
      defaultRootObject: 'index.html',
      webAclId: props.webAclArn,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_200,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      // The TLS policy applies to a custom certificate only; the default one's is fixed by CloudFront.
      ...(certificate && config.domainName
        ? { certificate, domainNames: [config.domainName], minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 }
        : {}),
      defaultBehavior: {
        origin: portal,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: securityHeaders,
        compress: true,
      },
      additionalBehaviors: {
        '/assets/*': { origin: portal, viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS, cachePolicy: assetsCache, compress: true },
        '/v1/*': {
          origin: new origins.HttpOrigin(apiDomain, { protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY }),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          // The API's answers depend on the caller: never cached at the edge.
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: securityHeaders,
        },
      },
      // The portal routes in the browser: unknown paths serve the app shell.
      errorResponses: [{ httpStatus: 403, responseHttpStatus: 200, responsePagePath: '/index.html', ttl: Duration.seconds(0) }],
    });
    Validations.of(this.distribution).acknowledge({ id: 'AwsSolutions-CFR1', reason: 'Buyers and sellers abroad are welcome: no geo restriction; WAF rules and rate limits apply.' });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR3',
      reason: 'Standard CloudFront logs need an ACL-enabled bucket; API requests are access-logged by API Gateway and WAF keeps sampled requests.',
    });
    if (!certificate) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason: 'Without a custom domain the default *.cloudfront.net certificate is used, whose TLS policy CloudFront fixes; set domainName/certificateArn for TLS 1.2+.',
      });
    }

    const dist = path.join(PROJECT_ROOT, WEB_DIST);
    if (fs.existsSync(path.join(dist, 'index.html'))) {
      this.deployment = new s3deploy.BucketDeployment(this, 'PortalDeployment', {
        sources: [s3deploy.Source.asset(dist)],
        destinationBucket: this.bucket,
        distribution: this.distribution,
        distributionPaths: ['/index.html', '/'],
        // HTML is revalidated on every visit; fingerprinted assets are cached by the policy above.
        cacheControl: [s3deploy.CacheControl.setPublic(), s3deploy.CacheControl.maxAge(Duration.seconds(60))],
        prune: true,
      });
      // The CDK's own copy function (one per stack) runs only during deployments.
      for (const child of this.node.children.filter((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'))) {
        const reason = 'The CDK bucket-deployment function copies the built portal during a deployment only; its policy is generated by the CDK for the asset and portal buckets.';
        const bucketId = this.getLogicalId(this.bucket.node.defaultChild as CfnElement);
        const wildcards = ['Action::s3:GetObject*', 'Action::s3:GetBucket*', 'Action::s3:List*', 'Action::s3:DeleteObject*', 'Action::s3:Abort*',
          `Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-${accountInFinding(this)}-${this.region}/*`, `Resource::<${bucketId}.Arn>/*`];
        for (const id of [...wildcards.map((w) => `AwsSolutions-IAM5[${w}]`), 'AwsSolutions-IAM4', 'AwsSolutions-IAM5', 'AwsSolutions-L1', 'Serverless-LambdaDLQ', 'Serverless-LambdaTracing', 'Serverless-LambdaDefaultMemorySize', 'Serverless-LambdaLatestVersion']) {
          Validations.of(child).acknowledge({ id, reason });
        }
      }
    }

    new CfnOutput(this, 'PortalUrl', { value: `https://${config.domainName ?? this.distribution.distributionDomainName}` });
  }
}
