import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { FLEET_ENTITY_STATUSES } from '@slipway/plugin-codepipeline-common';
import Router from 'express-promise-router';
import { z } from 'zod';
import { readRoute } from '../deadline';
import { parse } from '../validation';
import type { FleetOverviewService } from './FleetOverviewService';

export const MAX_OVERVIEW_PAGE_SIZE = 100;

const overviewQuery = z.object({
  owner: z.string().min(1).max(512).optional(),
  system: z.string().min(1).max(512).optional(),
  status: z.enum(FLEET_ENTITY_STATUSES as [string, ...string[]]).optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_OVERVIEW_PAGE_SIZE).default(25),
  cursor: z.string().min(1).max(256).optional(),
});

/**
 * `GET /v1/overview`: the delivery overview over every entity the caller may
 * read. Answers at once; entities not summarized yet are `loading` and
 * counted in `progress` (the page asks again).
 */
export function createFleetRouter(options: {
  httpAuth: HttpAuthService;
  fleet: FleetOverviewService;
  responseDeadlineMs: number;
}) {
  const router = Router();
  router.get(
    '/v1/overview',
    readRoute(options.responseDeadlineMs, async req => {
      const credentials = await options.httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const query = parse(overviewQuery, req.query, 'query');
      return options.fleet.overview(credentials, {
        ...query,
        status: query.status as (typeof FLEET_ENTITY_STATUSES)[number],
      });
    }),
  );
  return router;
}
