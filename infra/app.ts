/**
 * The CDK app (`cdk.json` runs it with tsx): the stacks of one stage (`-c stage=dev|prod`),
 * checked by cdk-nag at synthesis; an unacknowledged finding fails `cdk synth` and `cdk deploy`.
 */
import { App, Tags } from 'aws-cdk-lib';
import { addNagChecks, ketNoiStacks } from '#infra/ketnoi.ts';

const app = new App();

const { config } = ketNoiStacks(app, {
  account: process.env.CDK_DEFAULT_ACCOUNT,
  // Not CDK_DEFAULT_REGION alone: with no region configured the CLI fills it with us-east-1,
  // and this API belongs near its users. Set KETNOI_REGION (or AWS_REGION) to deploy elsewhere.
  region: process.env.KETNOI_REGION ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'ap-southeast-1',
});
addNagChecks(app);

Tags.of(app).add('Project', 'ketnoi');
Tags.of(app).add('Stage', config.stage);

app.synth();
