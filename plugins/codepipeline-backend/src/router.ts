import type { HttpAuthService } from '@backstage/backend-plugin-api';
import type { HealthResponse } from '@slipway/plugin-codepipeline-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { createControlRouter } from './controlRouter';
import { createFleetRouter } from './fleet/fleetRouter';
import type { FleetOverviewService } from './fleet/FleetOverviewService';
import { DEFAULT_RESPONSE_DEADLINE_MS, readRoute } from './deadline';
import { PipelineControlService } from './services/PipelineControlService';
import {
  entityRefOf,
  executionParams,
  parse,
  pipelineParams,
} from './validation';
import { AwsConnectivityService } from './services/AwsConnectivityService';
import { DeliveryInsightsService } from './services/DeliveryInsightsService';
import { EntityStatusService } from './services/EntityStatusService';
import { MAX_PAGE_SIZE } from './services/ExecutionHistoryService';
import { RECENT_EXECUTIONS } from './services/PipelineHistoryService';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  connectivity: AwsConnectivityService;
  status: EntityStatusService;
  control: PipelineControlService;
  insights: DeliveryInsightsService;
  /** The delivery overview (`GET /v1/overview`); absent: no such route. */
  fleet?: FleetOverviewService;
  /**
   * Overall deadline of each read route: past it, AWS calls fail and the
   * route answers with what it has, and `timeout` errors for the rest.
   */
  responseDeadlineMs?: number;
}

const readQuery = z.object({ refresh: z.enum(['true', 'false']).optional() });

const historyQuery = readQuery.extend({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(20),
  cursor: z.string().min(1).max(4096).optional(),
});

const timelineQuery = readQuery.extend({
  limit: z.coerce.number().int().min(1).max(RECENT_EXECUTIONS).default(10),
});

const doraQuery = readQuery.extend({
  windowDays: z.enum(['7', '30', '90']).default('30'),
});

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, connectivity, status, control, insights } = options;
  const within = (handler: (req: Request) => Promise<unknown>) =>
    readRoute(
      options.responseDeadlineMs ?? DEFAULT_RESPONSE_DEADLINE_MS,
      handler,
    );
  const router = Router();
  router.use(express.json({ limit: '16kb' }));

  const credentialsOf = (req: Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });
  const loadOptions = (req: Request) => ({
    refresh: parse(readQuery, req.query, 'query').refresh === 'true',
  });

  router.get(
    '/v1/health',
    within(async (req): Promise<HealthResponse> => {
      await credentialsOf(req);
      return { status: 'ok', aws: await connectivity.check() };
    }),
  );

  router.get(
    '/v1/entities/:kind/:namespace/:name/pipelines',
    within(async req => {
      const credentials = await credentialsOf(req);
      return status.pipelines(entityRefOf(req), credentials, loadOptions(req));
    }),
  );

  router.get(
    '/v1/entities/:kind/:namespace/:name/ecs',
    within(async req => {
      const credentials = await credentialsOf(req);
      return status.ecsServices(
        entityRefOf(req),
        credentials,
        loadOptions(req),
      );
    }),
  );

  router.get(
    '/v1/entities/:kind/:namespace/:name/pipelines/:pipelineArn/executions',
    within(async req => {
      const credentials = await credentialsOf(req);
      const { pipelineArn } = parse(pipelineParams, req.params, 'pipeline');
      const query = parse(historyQuery, req.query, 'query');
      return status.executions(
        entityRefOf(req),
        pipelineArn,
        credentials,
        { limit: query.limit, cursor: query.cursor },
        { refresh: query.refresh === 'true' },
      );
    }),
  );

  router.get(
    '/v1/entities/:kind/:namespace/:name/pipelines/:pipelineArn/executions/:executionId',
    within(async req => {
      const credentials = await credentialsOf(req);
      const { pipelineArn, executionId } = parse(
        executionParams,
        req.params,
        'execution',
      );
      return status.execution(
        entityRefOf(req),
        pipelineArn,
        executionId,
        credentials,
        loadOptions(req),
      );
    }),
  );

  router.get(
    '/v1/entities/:kind/:namespace/:name/timeline',
    within(async req => {
      const credentials = await credentialsOf(req);
      const query = parse(timelineQuery, req.query, 'query');
      return insights.timeline(entityRefOf(req), credentials, {
        limit: query.limit,
        refresh: query.refresh === 'true',
      });
    }),
  );

  router.get(
    '/v1/entities/:kind/:namespace/:name/dora',
    within(async req => {
      const credentials = await credentialsOf(req);
      const query = parse(doraQuery, req.query, 'query');
      return insights.dora(entityRefOf(req), credentials, {
        windowDays: Number(query.windowDays) as 7 | 30 | 90,
        refresh: query.refresh === 'true',
      });
    }),
  );

  if (options.fleet) {
    router.use(
      createFleetRouter({
        httpAuth,
        fleet: options.fleet,
        responseDeadlineMs:
          options.responseDeadlineMs ?? DEFAULT_RESPONSE_DEADLINE_MS,
      }),
    );
  }

  router.use(createControlRouter({ httpAuth, control }));

  return router;
}
