/**
 * Which stage of a pipeline DORA counts as production — a pure module.
 *
 * In order, the first rule that applies decides:
 * 1. the entity's `aws.amazon.com/slipway-production-stage` annotation
 *    (`Stage` or `pipeline/Stage`, comma-separated): a pipeline it names no
 *    stage of has no production stage;
 * 2. a Deploy stage that deploys to a production environment: Slipway names
 *    the stage that deploys to environment `<env>` `Deploy-<env>`, and
 *    `slipway.environments.<env>.production: true` marks it (when no
 *    environment is marked, `prod` and `production` are);
 * 3. the pipeline's `slipway:environment` tag: a production environment makes
 *    its last Deploy stage count; any other environment means the pipeline
 *    deploys somewhere else (one pipeline per environment) and none counts;
 * 4. Deploy stages that name only non-production environments: none counts;
 * 5. nothing known: the last stage with a Deploy action (the old heuristic).
 */
import type {
  ProductionStage,
  ProductionStageReason,
} from '@slipway/plugin-codepipeline-common';
import type { PipelineDefinition } from '../aws/codePipeline';
import { productionStageOf } from './history';

/** What Slipway knows about environments, from `slipway.environments`. */
export interface EnvironmentKnowledge {
  /** Every configured environment name. */
  known: string[];
  /** The names that count as production. */
  production: string[];
  /** True when `production` comes from `production: true` marks, not from the default names. */
  marked: boolean;
}

/** One entry of the production-stage annotation. */
export interface StageOverride {
  pipeline?: string;
  stage: string;
}

export interface ProductionStageInput {
  pipeline: { arn: string; name: string };
  definition: Pick<PipelineDefinition, 'stages'>;
  /** The pipeline's `slipway:environment` tag, when it has one. */
  environmentTag?: string;
  environments: EnvironmentKnowledge;
  /** The parsed annotation; undefined when the entity has none. */
  overrides?: StageOverride[];
}

const DEPLOY_STAGE = /^Deploy-(.+)$/;
const DEFAULT_PRODUCTION = ['prod', 'production'];

/** Parses the annotation's value; undefined for a missing or blank one. */
export function parseStageOverrides(
  value: string | undefined,
): StageOverride[] | undefined {
  const entries = (value ?? '')
    .split(',')
    .map(entry => entry.trim())
    .filter(Boolean)
    .map(entry => {
      const slash = entry.lastIndexOf('/');
      return slash > 0
        ? { pipeline: entry.slice(0, slash), stage: entry.slice(slash + 1) }
        : { stage: entry };
    });
  return entries.length > 0 ? entries : undefined;
}

/**
 * The production environments: those marked `production: true`, or, when
 * none is marked, those named `prod` or `production` (configured or not).
 */
export function productionEnvironments(
  environments: Array<{ name: string; production?: boolean }>,
): EnvironmentKnowledge {
  const marked = environments.filter(e => e.production).map(e => e.name);
  return {
    known: environments.map(e => e.name),
    production: marked.length > 0 ? marked : DEFAULT_PRODUCTION,
    marked: marked.length > 0,
  };
}

export function chooseProductionStage(
  input: ProductionStageInput,
): ProductionStage {
  const { pipeline, definition, environments } = input;
  const choice = (
    stage: string | undefined,
    reason: ProductionStageReason,
    explanation: string,
  ): ProductionStage => ({
    pipelineArn: pipeline.arn,
    pipeline: pipeline.name,
    stage,
    reason,
    explanation,
  });

  if (input.overrides) {
    const named = input.overrides.find(
      o =>
        (o.pipeline === undefined || o.pipeline === pipeline.name) &&
        definition.stages.some(s => s.name === o.stage),
    );
    return named
      ? choice(named.stage, 'annotation', 'set by the entity’s annotation')
      : choice(
          undefined,
          'annotation',
          'the entity’s annotation names no stage of this pipeline',
        );
  }

  const isProduction = (env: string) => environments.production.includes(env);
  const deployStages = definition.stages.filter(s =>
    s.actions.some(a => a.category === 'Deploy'),
  );
  const stageEnvironments = deployStages.flatMap(s => {
    const env = DEPLOY_STAGE.exec(s.name)?.[1];
    return env && (environments.known.includes(env) || isProduction(env))
      ? [{ stage: s.name, env }]
      : [];
  });
  const toProduction = stageEnvironments.filter(s => isProduction(s.env));
  if (toProduction.length > 0) {
    const last = toProduction[toProduction.length - 1];
    return choice(
      last.stage,
      'stage-environment',
      `deploys to ${last.env}, ${productionNote(environments)}`,
    );
  }

  const tag = input.environmentTag;
  const lastDeploy = productionStageOf(definition);
  if (tag) {
    return isProduction(tag) && lastDeploy
      ? choice(
          lastDeploy,
          'environment-tag',
          `the pipeline is tagged slipway:environment=${tag}, ${productionNote(
            environments,
          )}`,
        )
      : choice(
          undefined,
          'environment-tag',
          `the pipeline is tagged slipway:environment=${tag}, not a production environment`,
        );
  }

  if (stageEnvironments.length > 0) {
    return choice(
      undefined,
      'stage-environment',
      `deploys only to ${stageEnvironments
        .map(s => s.env)
        .join(', ')}, not a production environment`,
    );
  }

  return lastDeploy
    ? choice(
        lastDeploy,
        'last-deploy-stage',
        'no environment is known, so the last stage with a Deploy action counts',
      )
    : choice(
        undefined,
        'last-deploy-stage',
        'the pipeline has no Deploy stage',
      );
}

function productionNote(environments: EnvironmentKnowledge) {
  return environments.marked
    ? 'marked production in slipway.environments'
    : `production by its name (no environment is marked production, so ${DEFAULT_PRODUCTION.join(
        ' and ',
      )} are)`;
}
