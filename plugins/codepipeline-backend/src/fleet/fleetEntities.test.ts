import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { component } from '../__testUtils__/testBackend';
import { readableFleet } from './fleetEntities';

describe('readableFleet', () => {
  it('reads the catalog as the caller, only annotated entities and the fields it needs', async () => {
    const catalog = catalogServiceMock.mock({
      queryEntities: jest.fn().mockResolvedValue({
        items: [
          component('orders-api', {
            'aws.amazon.com/aws-codepipeline-arn':
              'arn:aws:codepipeline:us-east-1:123456789012:orders-api',
          }),
          // A blank annotation is no claim on anything.
          component('blank', { 'aws.amazon.com/aws-codepipeline-arn': ' ' }),
        ],
        totalItems: 2,
        pageInfo: {},
      }),
    });
    const permissions = mockServices.permissions.mock({
      authorize: jest
        .fn()
        .mockImplementation(async requests =>
          requests.map(() => ({ result: AuthorizeResult.ALLOW })),
        ),
    });
    const credentials = mockCredentials.user('user:default/jane');

    const fleet = await readableFleet({ catalog, permissions }, credentials);

    expect(fleet.map(e => e.entityRef)).toEqual([
      'component:default/orders-api',
    ]);
    expect(catalog.queryEntities).toHaveBeenCalledWith(
      expect.objectContaining({
        query: {
          $any: expect.arrayContaining([
            {
              'metadata.annotations.aws.amazon.com/aws-codepipeline-arn': {
                $exists: true,
              },
            },
            {
              'metadata.annotations.aws.amazon.com/amazon-ecs-service-tags': {
                $exists: true,
              },
            },
          ]),
        },
        fields: expect.arrayContaining(['metadata.annotations', 'spec.owner']),
      }),
      { credentials },
    );
    expect(permissions.authorize).toHaveBeenCalledTimes(1);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'codepipeline.entity.read',
          }),
          resourceRef: 'component:default/orders-api',
        },
        {
          permission: expect.objectContaining({
            name: 'codepipeline.approval.review',
          }),
          resourceRef: 'component:default/orders-api',
        },
      ],
      { credentials },
    );
    expect(fleet[0]).toMatchObject({
      owner: 'group:default/payments-team',
      canApprove: true,
    });
  });

  it('asks nothing of the permission framework when the catalog shows nothing', async () => {
    const catalog = catalogServiceMock.mock({
      queryEntities: jest
        .fn()
        .mockResolvedValue({ items: [], totalItems: 0, pageInfo: {} }),
    });
    const permissions = mockServices.permissions.mock();
    expect(
      await readableFleet(
        { catalog, permissions },
        mockCredentials.user('user:default/jane'),
      ),
    ).toEqual([]);
    expect(permissions.authorize).not.toHaveBeenCalled();
  });
});
