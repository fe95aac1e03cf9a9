import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import {
  checkoutWebEntity,
  docsSiteWithoutAnnotations,
  ledgerWorkerEntity,
} from './__fixtures__';
import plugin, {
  entityCodePipelineCard,
  entityCodePipelineContent,
  entityDeliveryContent,
  entityDoraMetricsCard,
  entityEcsDeploymentsCard,
  entityEcsDeploymentsContent,
} from './alpha';

describe('codepipeline plugin for the new frontend system', () => {
  it('is the codepipeline plugin', () => {
    expect(plugin.pluginId).toBe('codepipeline');
  });

  it('adds a CI/CD tab only for entities with pipeline annotations', () => {
    const tester = createExtensionTester(entityCodePipelineContent);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('CI/CD');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(checkoutWebEntity)).toBe(true);
    expect(filter(ledgerWorkerEntity)).toBe(false);
    expect(filter(docsSiteWithoutAnnotations)).toBe(false);
  });

  it('adds a Deployments tab for entities with ECS or pipeline annotations', () => {
    const tester = createExtensionTester(entityEcsDeploymentsContent);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'Deployments',
    );
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(ledgerWorkerEntity)).toBe(true);
    expect(filter(docsSiteWithoutAnnotations)).toBe(false);
  });

  it('adds overview cards with the same conditions', () => {
    const pipelineFilter = createExtensionTester(entityCodePipelineCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    )!;
    const ecsFilter = createExtensionTester(entityEcsDeploymentsCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    )!;
    expect(pipelineFilter(checkoutWebEntity)).toBe(true);
    expect(pipelineFilter(ledgerWorkerEntity)).toBe(false);
    expect(ecsFilter(ledgerWorkerEntity)).toBe(true);
    expect(ecsFilter(docsSiteWithoutAnnotations)).toBe(false);
  });

  it('adds a Delivery tab and a DORA card for entities with pipeline annotations', () => {
    const tester = createExtensionTester(entityDeliveryContent);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Delivery');
    const tabFilter = tester.get(
      EntityContentBlueprint.dataRefs.filterFunction,
    )!;
    const cardFilter = createExtensionTester(entityDoraMetricsCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    )!;
    for (const filter of [tabFilter, cardFilter]) {
      expect(filter(checkoutWebEntity)).toBe(true);
      expect(filter(ledgerWorkerEntity)).toBe(false);
      expect(filter(docsSiteWithoutAnnotations)).toBe(false);
    }
  });
});
