/**
 * The stacks of one stage, shared by the CDK app (`infra/app.ts`) and the tests: data (stateful,
 * termination-protected), API, the us-east-1 web ACL and the edge. Stack names carry the stage,
 * and no resource has a fixed name, so dev and prod can share an account.
 */
import { Stack, Validations, type App, type Environment } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { stageConfig, type StageConfig } from '#infra/config.ts';
import { KetNoiDataStack, pascal } from '#infra/data-stack.ts';
import { KetNoiEdgeStack, KetNoiWafStack } from '#infra/edge-stack.ts';
import { KetNoiStack } from '#infra/stack.ts';

export interface KetNoiStacks {
  config: StageConfig;
  data: KetNoiDataStack;
  api: KetNoiStack;
  waf: KetNoiWafStack;
  edge: KetNoiEdgeStack;
}

/** Findings acknowledged on every stack, each with its reason. */
const STACK_ACKNOWLEDGEMENTS = [
  { id: 'AwsSolutions-L1', reason: 'Node.js 22 is the project’s fixed runtime (GUIDE.md); moving to 24 is a separate decision.' },
  { id: 'Serverless-LambdaLatestVersion', reason: 'Node.js 22 is the project’s fixed runtime (GUIDE.md); moving to 24 is a separate decision.' },
];

/** Creates the stacks of the stage named by context `stage` (dev by default). */
export function ketNoiStacks(app: App, env: Environment): KetNoiStacks {
  const config = stageConfig(app.node);
  const prefix = `KetNoi${pascal(config.stage)}`;
  const data = new KetNoiDataStack(app, `${prefix}Data`, { env, config, description: `Kết Nối ${config.stage}: table, users, keys` });
  const api = new KetNoiStack(app, `${prefix}Api`, { env, config, data, description: 'Kết Nối: trade promotion and supply–demand matching for Vietnam farm trade' });
  const waf = new KetNoiWafStack(app, `${prefix}Waf`, { env: { account: env.account, region: 'us-east-1' }, config, crossRegionReferences: true });
  const edge = new KetNoiEdgeStack(app, `${prefix}Edge`, { env, config, api, webAclArn: waf.webAcl.attrArn, crossRegionReferences: true });
  for (const stack of [data, api, waf, edge]) {
    for (const ack of STACK_ACKNOWLEDGEMENTS) Validations.of(stack).acknowledge(ack);
  }
  acknowledgeCdkInternals([api, edge, waf]);
  return { config, data, api, waf, edge };
}

/**
 * The CDK's own helper functions (cross-region references, bucket deployment, log retention)
 * come with AWS managed policies and runtimes it picks; acknowledged where they appear.
 */
function acknowledgeCdkInternals(stacks: Stack[]): void {
  for (const stack of stacks) {
    for (const child of stack.node.children) {
      const id = child.node.id;
      if (!/^Custom::|CustomResourceProvider|CustomCDKBucketDeployment|CrossRegion/.test(id)) continue;
      const reason = `${id} is created and scoped by the CDK itself, not by this project.`;
      Validations.of(child).acknowledge({ id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', reason });
      Validations.of(child).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason });
    }
  }
}

/** Runs cdk-nag's AwsSolutions and Serverless packs on every stack at synthesis. */
export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
}
