import {
  coreServices,
  createBackendModule,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { codePipelineEntityReadPermission } from '@slipway/plugin-codepipeline-common';

/**
 * `allow-all`: everyone signed in may do everything (the local default).
 * `owners-act`: everyone may read pipeline and deployment status; only the
 * owners of an entity may start, stop, retry, approve, roll back or toggle
 * transitions of its pipelines.
 */
export type SlipwayPolicyMode = 'allow-all' | 'owners-act';

export class SlipwayPermissionPolicy implements PermissionPolicy {
  constructor(
    private readonly mode: SlipwayPolicyMode,
    private readonly userInfo: Pick<UserInfoService, 'getUserInfo'>,
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (this.mode === 'allow-all') {
      return { result: AuthorizeResult.ALLOW };
    }
    const { permission } = request;
    const isSlipwayWrite =
      permission.name.startsWith('codepipeline.') &&
      !isPermission(permission, codePipelineEntityReadPermission);
    if (isSlipwayWrite && isResourcePermission(permission, 'catalog-entity')) {
      const claims = user
        ? (await this.userInfo.getUserInfo(user.credentials))
            .ownershipEntityRefs
        : [];
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({ claims }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

/** Installs {@link SlipwayPermissionPolicy}, chosen by `slipway.portal.permissionPolicy`. */
export const slipwayPermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'slipway-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, config, userInfo }) {
        const mode =
          config.getOptionalString('slipway.portal.permissionPolicy') ??
          'allow-all';
        if (mode !== 'allow-all' && mode !== 'owners-act') {
          throw new Error(
            `slipway.portal.permissionPolicy must be 'allow-all' or 'owners-act', got '${mode}'`,
          );
        }
        policy.setPolicy(new SlipwayPermissionPolicy(mode, userInfo));
      },
    });
  },
});
