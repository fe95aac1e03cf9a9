import type { Entity } from '@backstage/catalog-model';
import {
  CODEPIPELINE_ARN_ANNOTATION,
  ECS_SERVICE_TAGS_ANNOTATION,
  isCodePipelineAvailable,
  isEcsAvailable,
} from './annotations';

function component(annotations: Record<string, string> = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'orders-api', annotations },
    spec: {},
  };
}

describe('availability conditions', () => {
  it('an entity without annotations has neither view', () => {
    expect(isCodePipelineAvailable(component())).toBe(false);
    expect(isEcsAvailable(component())).toBe(false);
  });

  it('a blank annotation does not count', () => {
    const entity = component({ [CODEPIPELINE_ARN_ANNOTATION]: '  ' });
    expect(isCodePipelineAvailable(entity)).toBe(false);
  });

  it('a pipeline annotation enables both views (ECS is found from Deploy actions)', () => {
    const entity = component({
      [CODEPIPELINE_ARN_ANNOTATION]:
        'arn:aws:codepipeline:eu-west-1:123456789012:orders-api',
    });
    expect(isCodePipelineAvailable(entity)).toBe(true);
    expect(isEcsAvailable(entity)).toBe(true);
  });

  it('an ECS-only annotation enables only the ECS view', () => {
    const entity = component({ [ECS_SERVICE_TAGS_ANNOTATION]: 'app=orders' });
    expect(isCodePipelineAvailable(entity)).toBe(false);
    expect(isEcsAvailable(entity)).toBe(true);
  });
});
