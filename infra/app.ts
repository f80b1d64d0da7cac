/** The CDK app (`cdk.json` runs it with tsx): one stack, `KetNoi`. */
import { App, Tags } from 'aws-cdk-lib';
import { KetNoiStack } from '#infra/stack.ts';

const app = new App();

new KetNoiStack(app, 'KetNoi', {
  env: {
    account: process.env.CDK_DEFAULT_ACCOUNT,
    // Not CDK_DEFAULT_REGION alone: with no region configured the CLI fills it with us-east-1,
    // and this API belongs near its users. Set KETNOI_REGION (or AWS_REGION) to deploy elsewhere.
    region:
      process.env.KETNOI_REGION ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'ap-southeast-1',
  },
  description: 'Kết Nối: trade promotion and supply–demand matching for Vietnam farm trade',
});

Tags.of(app).add('Project', 'ketnoi');

app.synth();
