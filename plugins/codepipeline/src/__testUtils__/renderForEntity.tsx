import type { Entity } from '@backstage/catalog-model';
import { coreApis } from '@backstage/frontend-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  PermissionApi,
  permissionApiRef,
} from '@backstage/plugin-permission-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { ReactElement } from 'react';
import type { CodePipelineApi } from '../api';
import { codePipelineApiRef } from '../api';
import { checkoutWebEntity, fakeCodePipelineApi } from '../__fixtures__';

export interface RenderOptions {
  api?: Partial<CodePipelineApi>;
  entity?: Entity;
  /** Permission names the user holds; every `codepipeline.*` one by default. */
  allow?: string[] | 'all';
}

/** A permission API that answers ALLOW for the named permissions only. */
export function permissionApiAllowing(allow: string[] | 'all') {
  const api = {
    authorize: jest.fn(async (request: { permission: { name: string } }) => ({
      result:
        allow === 'all' || allow.includes(request.permission.name)
          ? 'ALLOW'
          : 'DENY',
    })),
    authorizeConditional: jest.fn(),
  };
  return api as typeof api & PermissionApi;
}

/** Renders `element` for an entity, over a fake backend and spied toast/error APIs. */
export async function renderForEntity(
  element: ReactElement,
  options: RenderOptions = {},
): Promise<{
  api: CodePipelineApi;
  toastApi: { post: jest.Mock };
  errorApi: { post: jest.Mock };
  permissionApi: ReturnType<typeof permissionApiAllowing>;
}> {
  const api = fakeCodePipelineApi(options.api);
  const toastApi = { post: jest.fn(() => ({ close: jest.fn() })) };
  const errorApi = { post: jest.fn(), error$: jest.fn() };
  const permissionApi = permissionApiAllowing(options.allow ?? 'all');
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [codePipelineApiRef, api],
        [coreApis.toast, toastApi],
        [coreApis.error, errorApi],
        [permissionApiRef, permissionApi],
      ]}
    >
      <EntityProvider entity={options.entity ?? checkoutWebEntity}>
        {element}
      </EntityProvider>
    </TestApiProvider>,
  );
  return { api, toastApi, errorApi, permissionApi };
}
