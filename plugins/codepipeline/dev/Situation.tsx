import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { TestApiProvider } from '@backstage/test-utils';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import type { ReactNode } from 'react';
import { codePipelineApiRef, CodePipelineApi } from '../src';
import { checkoutWebEntity, fakeCodePipelineApi } from '../src/__fixtures__';

export const allowAll = { authorize: async () => ({ result: 'ALLOW' }) } as any;
export const denyAll = { authorize: async () => ({ result: 'DENY' }) } as any;

export function Situation(props: {
  title: string;
  api?: Partial<CodePipelineApi>;
  entity?: Entity;
  readOnly?: boolean;
  children: ReactNode;
}) {
  return (
    <Grid item xs={12} md={6}>
      <Typography variant="overline">{props.title}</Typography>
      <TestApiProvider
        apis={[
          [codePipelineApiRef, fakeCodePipelineApi(props.api)],
          [permissionApiRef, props.readOnly ? denyAll : allowAll],
        ]}
      >
        <EntityProvider entity={props.entity ?? checkoutWebEntity}>
          {props.children}
        </EntityProvider>
      </TestApiProvider>
    </Grid>
  );
}

export const fail = (error: Error) => async () => {
  throw error;
};
