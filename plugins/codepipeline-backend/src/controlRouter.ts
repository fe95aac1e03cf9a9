import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { isCommitId } from '@slipway/plugin-codepipeline-common';
import {
  EXECUTION_ID,
  executionParams,
  parse,
  pipelineParams,
} from './validation';
import {
  ControlTarget,
  PipelineControlService,
} from './services/PipelineControlService';

// CodePipeline's own patterns for stage/action names and transition reasons.
const STAGE_OR_ACTION = /^[A-Za-z0-9.@\-_]{1,100}$/;
const TRANSITION_REASON = /^[a-zA-Z0-9!@ ().*?-]{1,300}$/;

const stageParams = pipelineParams.extend({
  stageName: z.string().regex(STAGE_OR_ACTION),
});
const actionParams = stageParams.extend({
  actionName: z.string().regex(STAGE_OR_ACTION),
});

const startBody = z.strictObject({
  clientRequestToken: z
    .string()
    .regex(/^[a-zA-Z0-9-]{1,128}$/, 'must be 1-128 letters, digits or dashes'),
  sourceRevision: z
    .strictObject({
      actionName: z.string().regex(STAGE_OR_ACTION),
      commitId: z
        .string()
        .refine(isCommitId, 'must be a full 40-character commit id'),
    })
    .optional(),
});
const stopBody = z.strictObject({
  abandon: z.boolean(),
  reason: z.string().max(200).optional(),
});
const retryBody = z.strictObject({
  pipelineExecutionId: z
    .string()
    .regex(EXECUTION_ID, 'must be an execution id'),
  mode: z.enum(['FAILED_ACTIONS', 'ALL_ACTIONS']),
});
const approvalBody = z
  .strictObject({
    decision: z.enum(['Approved', 'Rejected']),
    comment: z.string().max(400).optional(),
  })
  .refine(
    body => body.decision === 'Approved' || Boolean(body.comment?.trim()),
    {
      path: ['comment'],
      message: 'is required to reject',
    },
  );
const rollbackBody = z.strictObject({
  targetPipelineExecutionId: z
    .string()
    .regex(EXECUTION_ID, 'must be an execution id'),
});
const transitionBody = z
  .strictObject({
    enabled: z.boolean(),
    reason: z
      .string()
      .regex(
        TRANSITION_REASON,
        'may use letters, digits, spaces and !@().*?- (at most 300)',
      )
      .optional(),
  })
  .refine(body => body.enabled || Boolean(body.reason), {
    path: ['reason'],
    message: 'is required to disable a transition',
  });

/** The write routes; every body and parameter is validated before the service (and AWS) sees it. */
export function createControlRouter(options: {
  httpAuth: HttpAuthService;
  control: PipelineControlService;
}): express.Router {
  const { httpAuth, control } = options;
  const router = Router();
  const base = '/v1/entities/:kind/:namespace/:name/pipelines/:pipelineArn';

  async function targetOf(req: Request): Promise<ControlTarget> {
    const params = parse(pipelineParams, req.params, 'pipeline');
    return {
      entityRef: stringifyEntityRef(params),
      pipelineArn: params.pipelineArn,
      credentials: await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      }),
      request: req,
    };
  }

  router.post(`${base}/executions`, async (req, res) => {
    const target = await targetOf(req);
    const body = parse(startBody, req.body, 'body');
    res.status(201).json(await control.start(target, body));
  });

  router.post(`${base}/executions/:executionId/stop`, async (req, res) => {
    const target = await targetOf(req);
    const { executionId } = parse(executionParams, req.params, 'execution');
    res.json(
      await control.stop(
        target,
        executionId,
        parse(stopBody, req.body, 'body'),
      ),
    );
  });

  router.post(`${base}/stages/:stageName/retry`, async (req, res) => {
    const target = await targetOf(req);
    const { stageName } = parse(stageParams, req.params, 'stage');
    res.json(
      await control.retry(
        target,
        stageName,
        parse(retryBody, req.body, 'body'),
      ),
    );
  });

  router.post(
    `${base}/stages/:stageName/actions/:actionName/approval`,
    async (req, res) => {
      const target = await targetOf(req);
      const { stageName, actionName } = parse(
        actionParams,
        req.params,
        'action',
      );
      res.json(
        await control.review(
          target,
          stageName,
          actionName,
          parse(approvalBody, req.body, 'body'),
        ),
      );
    },
  );

  router.post(`${base}/stages/:stageName/rollback`, async (req, res) => {
    const target = await targetOf(req);
    const { stageName } = parse(stageParams, req.params, 'stage');
    res.json(
      await control.rollback(
        target,
        stageName,
        parse(rollbackBody, req.body, 'body'),
      ),
    );
  });

  router.put(`${base}/stages/:stageName/transition`, async (req, res) => {
    const target = await targetOf(req);
    const { stageName } = parse(stageParams, req.params, 'stage');
    await control.transition(
      target,
      stageName,
      parse(transitionBody, req.body, 'body'),
    );
    res.status(204).end();
  });

  router.get(`${base}/stages/:stageName/rollback-targets`, async (req, res) => {
    const target = await targetOf(req);
    const { stageName } = parse(stageParams, req.params, 'stage');
    res.json(await control.rollbackTargets(target, stageName));
  });

  return router;
}
