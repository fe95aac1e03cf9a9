import type { HttpAuthService } from '@backstage/backend-plugin-api';
import type { HealthResponse } from '@slipway/plugin-codepipeline-common';
import express from 'express';
import Router from 'express-promise-router';
import { AwsConnectivityService } from './services/AwsConnectivityService';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  connectivity: AwsConnectivityService;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, connectivity } = options;
  const router = Router();
  router.use(express.json());

  router.get('/v1/health', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const body: HealthResponse = {
      status: 'ok',
      aws: await connectivity.check(),
    };
    res.json(body);
  });

  return router;
}
