import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { EntityStatusService } from '../services/EntityStatusService';
import { registerStatusActions } from './statusActions';

describe('registerStatusActions', () => {
  it('registers read-only actions that answer with the caller credentials', async () => {
    const registry = actionsRegistryServiceMock({
      logger: mockServices.logger.mock(),
    });
    const pipelines = jest.fn().mockResolvedValue({
      entityRef: 'component:default/orders-api',
      pipelines: [],
      refreshedAt: '2026-11-22T10:00:00.000Z',
      pollIntervalSeconds: 60,
    });
    const status = { pipelines } as unknown as EntityStatusService;
    registerStatusActions(registry, status);

    const { actions } = await registry.list();
    expect(actions.map(a => a.name).sort()).toEqual([
      'get-ecs-status',
      'get-pipeline-executions',
      'get-pipeline-status',
    ]);
    expect(actions.every(a => a.attributes.readOnly)).toBe(true);

    const credentials = mockCredentials.user('user:default/jane');
    const result = await registry.invoke({
      id: actions.find(a => a.name === 'get-pipeline-status')!.id,
      input: { entityRef: 'component:default/orders-api' },
      credentials,
    });
    expect(pipelines).toHaveBeenCalledWith(
      'component:default/orders-api',
      credentials,
    );
    expect(result.output).toMatchObject({
      result: { entityRef: 'component:default/orders-api' },
    });
  });
});
