import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient } from '@aws-sdk/client-iam';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import type { z as zod } from 'zod/v3';
import type { AwsTarget } from '../aws/clients';
import { CodeBuildProjects } from '../aws/codebuild';
import { CodeDeploy } from '../aws/codedeploy';
import { Pipelines } from '../aws/codepipeline';
import { EcrRepositories } from '../aws/ecr';
import { EcsServices } from '../aws/ecs';
import { LoadBalancing } from '../aws/elbv2';
import { IamRoles } from '../aws/iam';
import { LogGroups } from '../aws/logs';
import { TaggedResources } from '../aws/taggedResources';
import { SLIPWAY_TAG_KEYS } from '../aws/tags';
import { readEnvironment } from '../config/environments';
import { ROLE_PATH } from '../names';
import { describeItem, planTeardown, TeardownItem } from '../teardownPlan';
import type { SlipwayActionDeps } from './deps';
import { examples } from './teardown.examples';

export const TEARDOWN_ACTION_ID = 'slipway:teardown';

export const teardownInputSchema = (z: typeof zod) =>
  z.object({
    component: z
      .string()
      .min(1)
      .describe(
        'Component whose resources (tagged slipway:component=<component>) are deleted.',
      ),
    environments: z
      .array(z.string().min(1))
      .min(1)
      .describe(
        'slipway.environments entries whose accounts and regions are searched for the component’s resources.',
      ),
    confirm: z
      .string()
      .describe(
        'Must repeat the component name exactly; a safety catch against deleting the wrong component.',
      ),
  });

const outputSchema = (z: typeof zod) =>
  z.object({
    resources: z
      .array(z.string())
      .describe(
        'What was deleted (or, on a dry run, would be), in deletion order.',
      ),
    leftInPlace: z
      .array(z.string())
      .describe(
        'Tagged resources of kinds Slipway does not delete (ARNs), for a manual look.',
      ),
    plan: z
      .array(z.string())
      .optional()
      .describe('Dry run only: what a real run would delete, in order.'),
  });

interface Found extends TeardownItem {
  target: AwsTarget;
}

/** `slipway:teardown`: deletes everything tagged for a component, in dependency order. */
export function createTeardownAction(deps: SlipwayActionDeps) {
  const client = <C>(Client: new (config: any) => C, target: AwsTarget) =>
    deps.clients.get(Client, target);

  async function find(component: string, targets: AwsTarget[]) {
    const found: Found[] = [];
    const leftInPlace: string[] = [];
    const accountsSearched = new Set<string>();
    for (const target of targets) {
      const tagged = new TaggedResources(
        await client(ResourceGroupsTaggingAPIClient, target),
        target,
      );
      const arns = await tagged.arnsTagged(
        SLIPWAY_TAG_KEYS.component,
        component,
      );
      if (!accountsSearched.has(target.accountId)) {
        // The tagging API does not return IAM roles: list Slipway's path and check each role's tags.
        accountsSearched.add(target.accountId);
        const roles = new IamRoles(await client(IAMClient, target), target);
        for (const role of await roles.listUnderPath(ROLE_PATH)) {
          if (
            (await roles.tags(role.name))[SLIPWAY_TAG_KEYS.component] ===
            component
          )
            arns.push(role.arn);
        }
      }
      const { items, unknown } = planTeardown(arns);
      found.push(...items.map(item => ({ ...item, target })));
      leftInPlace.push(...unknown);
    }
    const { items } = planTeardown(found.map(f => f.arn));
    return {
      ordered: items.map(item => found.find(f => f.arn === item.arn)!),
      leftInPlace,
    };
  }

  async function remove(item: Found): Promise<void> {
    const { target } = item;
    switch (item.kind) {
      case 'pipeline':
        return new Pipelines(
          await client(CodePipelineClient, target),
          target,
        ).delete(item.name);
      case 'deploymentGroup':
        return new CodeDeploy(
          await client(CodeDeployClient, target),
          target,
        ).deleteDeploymentGroup(item.parent!, item.name);
      case 'codeDeployApplication':
        return new CodeDeploy(
          await client(CodeDeployClient, target),
          target,
        ).deleteApplication(item.name);
      case 'ecsService':
        return new EcsServices(
          await client(ECSClient, target),
          target,
        ).deleteService(item.parent!, item.name);
      case 'taskDefinition':
        return new EcsServices(
          await client(ECSClient, target),
          target,
        ).deleteTaskDefinition(item.arn);
      case 'listenerRule':
        return new LoadBalancing(
          await client(ElasticLoadBalancingV2Client, target),
          target,
        ).deleteRule(item.arn);
      case 'targetGroup':
        return new LoadBalancing(
          await client(ElasticLoadBalancingV2Client, target),
          target,
        ).deleteTargetGroup(item.arn);
      case 'codeBuildProject':
        return new CodeBuildProjects(
          await client(CodeBuildClient, target),
          target,
        ).delete(item.name);
      case 'logGroup':
        return new LogGroups(
          await client(CloudWatchLogsClient, target),
          target,
        ).delete(item.name);
      case 'ecrRepository':
        return new EcrRepositories(
          await client(ECRClient, target),
          target,
        ).delete(item.name);
      default:
        return new IamRoles(await client(IAMClient, target), target).delete(
          item.name,
        );
    }
  }

  return createTemplateAction({
    id: TEARDOWN_ACTION_ID,
    description:
      'Deletes every AWS resource tagged slipway:component=<component> in the given environments, in dependency order (pipeline first, IAM roles last). Dry run lists what would be deleted.',
    examples,
    supportsDryRun: true,
    schema: { input: teardownInputSchema, output: outputSchema },
    async handler(ctx) {
      const { component, confirm } = ctx.input;
      if (confirm !== component) {
        throw new InputError(
          `Teardown of '${component}' needs confirm: ${component} (got '${confirm}'); nothing was deleted`,
        );
      }
      const targets = [
        ...new Map(
          ctx.input.environments
            .map(name => readEnvironment(deps.config, name))
            .map(e => [
              `${e.accountId}|${e.region}`,
              { accountId: e.accountId, region: e.region },
            ]),
        ).values(),
      ];
      const { ordered, leftInPlace } = await find(component, targets);
      const descriptions = ordered.map(describeItem);
      ctx.output('leftInPlace', leftInPlace);
      for (const arn of leftInPlace) {
        ctx.logger.warn(
          `${arn} is tagged for '${component}' but is not a kind Slipway deletes; it is left in place`,
        );
      }

      if (ctx.isDryRun) {
        const plan = descriptions.map(d => `Delete the ${d}`);
        plan.forEach(line => ctx.logger.info(`[dry run] ${line}`));
        ctx.output('plan', plan);
        ctx.output('resources', descriptions);
        return;
      }

      const failures: string[] = [];
      for (const [index, item] of ordered.entries()) {
        try {
          await ctx.checkpoint({
            key: `teardown.${item.arn}`,
            fn: () => remove(item),
          });
          ctx.logger.info(`Deleted the ${descriptions[index]}`);
        } catch (error) {
          if (error instanceof NotFoundError) {
            ctx.logger.info(`The ${descriptions[index]} was already gone`);
            continue;
          }
          ctx.logger.error(String(error));
          failures.push(`${descriptions[index]}: ${(error as Error).message}`);
        }
      }
      ctx.output('resources', descriptions);
      if (failures.length) {
        throw new Error(
          `Teardown of '${component}' could not delete ${
            failures.length
          } resource(s); fix the cause and run it again (it resumes with what is left):\n${failures.join(
            '\n',
          )}`,
        );
      }
    },
  });
}
