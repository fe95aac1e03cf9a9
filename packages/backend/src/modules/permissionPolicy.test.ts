import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  codePipelineApprovalReviewPermission,
  codePipelineEntityReadPermission,
  codePipelineStageRetryPermission,
} from '@slipway/plugin-codepipeline-common';
import { SlipwayPermissionPolicy } from './permissionPolicy';

const guestInPaymentsTeam = {
  credentials: mockCredentials.user('user:default/guest'),
} as PolicyQueryUser;

/** The user-info service: the guest belongs to the payments team. */
const userInfo = {
  getUserInfo: jest.fn(async () => ({
    userEntityRef: 'user:default/guest',
    ownershipEntityRefs: ['user:default/guest', 'group:default/payments-team'],
  })),
};

describe('SlipwayPermissionPolicy', () => {
  it('allow-all allows every Slipway action', async () => {
    const policy = new SlipwayPermissionPolicy('allow-all', userInfo);
    await expect(
      policy.handle(
        { permission: codePipelineApprovalReviewPermission },
        guestInPaymentsTeam,
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('owners-act lets everyone read status', async () => {
    const policy = new SlipwayPermissionPolicy('owners-act', userInfo);
    await expect(
      policy.handle({ permission: codePipelineEntityReadPermission }),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('owners-act makes approvals and retries conditional on owning the entity', async () => {
    const policy = new SlipwayPermissionPolicy('owners-act', userInfo);
    for (const permission of [
      codePipelineApprovalReviewPermission,
      codePipelineStageRetryPermission,
    ]) {
      await expect(
        policy.handle({ permission }, guestInPaymentsTeam),
      ).resolves.toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: {
            claims: ['user:default/guest', 'group:default/payments-team'],
          },
        },
      });
    }
    expect(userInfo.getUserInfo).toHaveBeenCalledWith(
      guestInPaymentsTeam.credentials,
    );
  });
});
