import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { Entity } from '@backstage/catalog-model';
import type {
  AuditorService,
  BackendFeature,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockServices,
  ServiceMock,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockClient } from 'aws-sdk-client-mock';
import { codePipelinePlugin } from '../plugin';
import { ACCOUNT } from './pipelines';

export const sts = mockClient(STSClient);

/** A component annotated with the given annotations. */
export function component(
  name: string,
  annotations: Record<string, string>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: {
      type: 'service',
      owner: 'group:default/payments-team',
      lifecycle: 'production',
    },
  };
}

/**
 * Starts the plugin in a test backend with static AWS credentials for the
 * main account (STS says it is {@link ACCOUNT}), an in-memory catalog and a
 * permission service that allows or denies everything (or the test's own).
 */
export async function startPluginBackend(options: {
  entities?: Entity[];
  config?: Record<string, unknown>;
  permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  /** Answer per permission name; wins over `permission`. */
  permissionFor?: (
    name: string,
  ) => AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  /** A permission service of the test's own; wins over `permission` and `permissionFor`. */
  permissions?: ServiceFactory;
  auditor?: ServiceMock<AuditorService>;
  /** More features: service factories (events, signals…), plugins. */
  services?: BackendFeature[];
}) {
  sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT });
  const { server } = await startTestBackend({
    features: [
      codePipelinePlugin,
      catalogServiceMock.factory({ entities: options.entities ?? [] }),
      options.permissions ??
        (options.permissionFor
          ? mockServices.permissions.mock({
              authorize: async requests =>
                requests.map(request => ({
                  result: options.permissionFor!(request.permission.name),
                })),
            }).factory
          : mockServices.permissions.factory({
              result: options.permission ?? AuthorizeResult.ALLOW,
            })),
      ...(options.auditor ? [options.auditor.factory] : []),
      ...(options.services ?? []),
      mockServices.rootConfig.factory({
        data: {
          aws: {
            mainAccount: {
              accessKeyId: 'AKIAEXAMPLEEXAMPLE',
              secretAccessKey: 'example-secret-access-key',
            },
          },
          codepipeline: { aws: { maxAttempts: 1 } },
          ...options.config,
        },
      }),
    ],
  });
  return server;
}
