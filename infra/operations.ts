/**
 * What an operator sees: one SNS topic (to the operations e-mail of the stage config) that
 * every alarm notifies, the alarms themselves, and one dashboard with the mission's figures.
 * Each alarm is explained, with what to do, in docs/operations.md under its `ALARMS` key.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC, METRICS_NAMESPACE } from '#functions/metric-names.ts';
import { pascal } from '#infra/data-stack.ts';
import type { KetNoiStack } from '#infra/stack.ts';

/** Stream records older than this many seconds mean the stream function is falling behind. */
export const ITERATOR_AGE_ALARM_MS = 60_000;
/** Share of API requests answered 5xx over 5 minutes that pages the operator. */
export const API_5XX_RATE_ALARM = 0.01;

export class Operations extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;
  private readonly stack: KetNoiStack;

  constructor(scope: Construct, id: string, stack: KetNoiStack) {
    super(scope, id);
    this.stack = stack;
    // CloudWatch cannot publish to a topic encrypted with the AWS managed SNS key; this key lets it.
    const key = new kms.Key(this, 'TopicKey', { description: 'Kết Nối: alarm topic', enableKeyRotation: true });
    key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new sns.Topic(this, 'AlarmTopic', { displayName: `Kết Nối ${stack.config.stage} alarms`, masterKey: key, enforceSSL: true });
    if (stack.config.opsEmail) {
      const mail = new subscriptions.EmailSubscription(stack.config.opsEmail);
      this.topic.addSubscription(mail);
      Validations.of(this.topic).acknowledge({
        id: 'Serverless-SNSRedrivePolicy',
        reason: 'The only subscriber is the operations e-mail; an undelivered copy is not worth a queue, and the alarm state stays in CloudWatch.',
      });
    }

    const dlqs: [string, sqs.Queue | undefined][] = [
      ['StreamDlq', stack.streamDlq],
      ['EventsDlq', stack.eventsDlq],
      ['ExpiryDlq', stack.expiryDlq],
      ['WebhookDeliveryDlq', stack.webhookDlq],
    ];
    for (const [name, queue] of dlqs) {
      if (!queue) continue;
      this.alarm(`${name}NotEmpty`, queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }), 0, `${name} has messages: work failed after its retries.`);
    }

    this.alarm(
      'StreamIteratorAge',
      stack.streamFunction.metric('IteratorAge', { period: Duration.minutes(1), statistic: 'Maximum' }),
      ITERATOR_AGE_ALARM_MS,
      'The table stream is processed more than 60 s late: matching and the outbox relay lag.',
      3,
    );

    const functions: [string, lambda.Function | undefined][] = [
      ...Object.entries(stack.apiFunctions),
      ['stream', stack.streamFunction],
      ['expire', stack.expireFunction],
      ['events', stack.eventsFunction],
      ['webhookWorker', stack.webhookWorkerFunction],
      ['grantRole', stack.joining.grantFunction],
      ['alertWorker', stack.joining.alertWorkerFunction],
      // In the data stack, beside the user pool: when it fails or is throttled, sign-ins fail.
      ['preToken', stack.data.preTokenFunction],
    ];
    for (const [name, fn] of functions) {
      if (!fn) continue;
      this.alarm(`${pascal(name)}Errors`, fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }), 0, `${name} function errors (uncaught, timeouts, crashes).`);
      this.alarm(`${pascal(name)}Throttles`, fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }), 0, `${name} function throttled: concurrency is exhausted.`);
    }

    const api = stack.httpApi;
    const requests = api.metricCount({ period: Duration.minutes(5), statistic: 'Sum' });
    const serverErrors = api.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' });
    this.alarm(
      'Api5xxRate',
      new cloudwatch.MathExpression({
        expression: 'IF(requests > 0, errors / requests, 0)',
        usingMetrics: { requests, errors: serverErrors },
        period: Duration.minutes(5),
        label: '5xx rate',
      }),
      API_5XX_RATE_ALARM,
      'More than 1% of API requests answered 5xx over 5 minutes.',
    );

    this.alarm('WebhookDeadDeliveries', this.metric(METRIC.webhookDead, 'Sum', Duration.minutes(15)), 0, 'A webhook delivery used up its retries and is dead.');

    this.dashboard = this.createDashboard(requests, serverErrors);
  }

  /** A metric of the service's namespace with the default dimensions the functions emit. */
  metric(name: string, statistic: string, period: Duration): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName: name,
      dimensionsMap: { service: 'ketnoi', stage: this.stack.config.stage },
      statistic,
      period,
    });
  }

  /** The alarm CodeDeploy watches while it shifts traffic to a new version of an API function. */
  aliasErrorAlarm(name: string, alias: lambda.Alias): cloudwatch.Alarm {
    return this.alarm(`${pascal(name)}LiveErrors`, alias.metricErrors({ period: Duration.minutes(1), statistic: 'Sum' }), 0, `${name} live alias errors (a deployment in progress rolls back).`);
  }

  private alarm(id: string, metric: cloudwatch.IMetric, threshold: number, description: string, evaluationPeriods = 1): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: `${description} See docs/operations.md#${anchorOf(id)}.`,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    alarm.addOkAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
    return alarm;
  }

  private createDashboard(requests: cloudwatch.IMetric, serverErrors: cloudwatch.IMetric): cloudwatch.Dashboard {
    const day = Duration.days(1);
    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { defaultInterval: Duration.days(7) });
    const today = (title: string, name: string) =>
      new cloudwatch.SingleValueWidget({ title, metrics: [this.metric(name, 'Sum', day)], width: 6, height: 4, setPeriodToTimeRange: false });
    dashboard.addWidgets(
      today('Tonnes confirmed (24 h)', METRIC.tonnageConfirmed),
      today('Matches proposed (24 h)', METRIC.matchesProposed),
      today('Matches confirmed (24 h)', METRIC.matchesConfirmed),
      today('Webhook deliveries (24 h)', METRIC.webhookDelivered),
    );
    const hour = Duration.hours(1);
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Matching',
        left: [this.metric(METRIC.matchesProposed, 'Sum', hour), this.metric(METRIC.matchesConfirmed, 'Sum', hour), this.metric(METRIC.bookings, 'Sum', hour)],
        right: [this.metric(METRIC.matchRunMs, 'p95', hour)],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Webhook deliveries',
        left: [this.metric(METRIC.webhookDelivered, 'Sum', hour), this.metric(METRIC.webhookFailed, 'Sum', hour), this.metric(METRIC.webhookDead, 'Sum', hour)],
        width: 12,
      }),
      new cloudwatch.GraphWidget({ title: 'API requests and 5xx', left: [requests], right: [serverErrors], width: 12 }),
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 12 }),
    );
    return dashboard;
  }
}

/** The docs/operations.md anchor that explains an alarm (per-function alarms share one). */
function anchorOf(id: string): string {
  if (id.endsWith('LiveErrors')) return 'livealiaserrors';
  if (id.endsWith('Errors')) return 'errors';
  if (id.endsWith('Throttles')) return 'throttles';
  return id.toLowerCase();
}
