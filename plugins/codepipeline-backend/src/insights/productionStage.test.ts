import {
  chooseProductionStage,
  parseStageOverrides,
  productionEnvironments,
} from './productionStage';

const deployStage = (name: string) => ({
  name,
  actions: [{ name: 'Deploy', category: 'Deploy', configuration: {} }],
});
const build = {
  name: 'Build',
  actions: [{ name: 'Build', category: 'Build', configuration: {} }],
};
const stagingThenProd = {
  stages: [build, deployStage('Deploy-staging'), deployStage('Deploy-prod')],
};
const devOnly = { stages: [build, deployStage('Deploy-dev')] };
const unnamed = { stages: [build, deployStage('Blue'), deployStage('Green')] };
const pipeline = { arn: 'arn:aws:codepipeline:us-east-1:1:p', name: 'p' };
const marked = productionEnvironments([
  { name: 'dev' },
  { name: 'staging' },
  { name: 'live', production: true },
]);
const unmarked = productionEnvironments([{ name: 'dev' }, { name: 'prod' }]);

describe('chooseProductionStage', () => {
  it('counts the stage that deploys to the production environment, not the last Deploy stage', () => {
    const choice = chooseProductionStage({
      pipeline,
      definition: {
        stages: [build, deployStage('Deploy-live'), deployStage('Deploy-dev')],
      },
      environments: marked,
    });
    expect(choice).toMatchObject({
      stage: 'Deploy-live',
      reason: 'stage-environment',
    });
  });

  it('without a production mark, prod counts by its name', () => {
    expect(
      chooseProductionStage({
        pipeline,
        definition: stagingThenProd,
        environments: unmarked,
      }),
    ).toMatchObject({ stage: 'Deploy-prod', reason: 'stage-environment' });
  });

  it('a pipeline tagged with a non-production environment counts nothing', () => {
    expect(
      chooseProductionStage({
        pipeline,
        definition: unnamed,
        environmentTag: 'dev',
        environments: unmarked,
      }),
    ).toMatchObject({ stage: undefined, reason: 'environment-tag' });
  });

  it('a pipeline tagged with the production environment counts its last Deploy stage', () => {
    expect(
      chooseProductionStage({
        pipeline,
        definition: unnamed,
        environmentTag: 'live',
        environments: marked,
      }),
    ).toMatchObject({ stage: 'Green', reason: 'environment-tag' });
  });

  it('stages that deploy only to known non-production environments count nothing', () => {
    expect(
      chooseProductionStage({
        pipeline,
        definition: devOnly,
        environments: marked,
      }),
    ).toMatchObject({ stage: undefined, reason: 'stage-environment' });
  });

  it('falls back to the last Deploy stage when no environment is known', () => {
    expect(
      chooseProductionStage({
        pipeline,
        definition: unnamed,
        environments: productionEnvironments([]),
      }),
    ).toMatchObject({ stage: 'Green', reason: 'last-deploy-stage' });
  });

  it('the annotation wins, per pipeline or for any pipeline with that stage', () => {
    expect(
      chooseProductionStage({
        pipeline,
        definition: devOnly,
        environments: marked,
        overrides: parseStageOverrides('other/Deploy-x, p/Deploy-dev'),
      }),
    ).toMatchObject({ stage: 'Deploy-dev', reason: 'annotation' });
    expect(
      chooseProductionStage({
        pipeline,
        definition: stagingThenProd,
        environments: marked,
        overrides: parseStageOverrides('other/Deploy-prod'),
      }),
    ).toMatchObject({ stage: undefined, reason: 'annotation' });
    expect(
      chooseProductionStage({
        pipeline,
        definition: stagingThenProd,
        environments: marked,
        overrides: parseStageOverrides('Deploy-staging'),
      }),
    ).toMatchObject({ stage: 'Deploy-staging', reason: 'annotation' });
  });

  it('ignores a blank annotation', () => {
    expect(parseStageOverrides('  ')).toBeUndefined();
  });
});
