import type {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import {
  ECS_ANNOTATIONS,
  PIPELINE_ANNOTATIONS,
} from '@slipway/plugin-codepipeline-common';
import type { EcsStatusService } from '../services/EcsStatusService';
import type { EntityResourceResolver } from '../services/EntityResourceResolver';
import type { PipelineStatusService } from '../services/PipelineStatusService';
import { DeliveryEvent, ecsEvents, pipelineEvents } from './detectEvents';
import type { NotificationSettings } from './settings';
import { SentNotificationStore } from './SentNotificationStore';

const ANNOTATIONS = [...PIPELINE_ANNOTATIONS, ...ECS_ANNOTATIONS];
const PAGE_SIZE = 200;
const FIELDS = ['kind', 'metadata', 'spec.owner', 'relations'];

/**
 * One sweep of the scheduled notification task: every catalog entity with a
 * pipeline or ECS annotation is resolved (as the plugin itself), its status
 * read through the same cached services the routes use, and each new event
 * (a failed latest execution, a rolled-back rollout, an approval waiting too
 * long) is sent once to the entity's owners.
 */
export class DeliveryNotifier {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      resolver: Pick<EntityResourceResolver, 'resolve'>;
      pipelines: Pick<PipelineStatusService, 'getPipelines'>;
      ecs: Pick<EcsStatusService, 'getServices'>;
      notifications: NotificationService;
      store: SentNotificationStore;
      settings: NotificationSettings;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  async run(): Promise<{ entities: number; sent: number }> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const entities = await this.annotatedEntities(credentials);
    let sent = 0;
    for (const entity of entities) {
      try {
        sent += await this.checkEntity(entity);
      } catch (error) {
        this.deps.logger.warn(
          `Could not check ${stringifyEntityRef(entity)} for notifications: ${
            (error as Error)?.message ?? error
          }`,
        );
      }
    }
    return { entities: entities.length, sent };
  }

  private async annotatedEntities(
    credentials: BackstageCredentials,
  ): Promise<Entity[]> {
    const found: Entity[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.deps.catalog.queryEntities(
        { ...(cursor ? { cursor } : {}), limit: PAGE_SIZE, fields: FIELDS },
        { credentials },
      );
      found.push(
        ...page.items.filter(entity =>
          ANNOTATIONS.some(a => entity.metadata.annotations?.[a]),
        ),
      );
      cursor = page.pageInfo.nextCursor;
    } while (cursor);
    return found;
  }

  private async checkEntity(entity: Entity): Promise<number> {
    const owners = ownersOf(entity);
    if (owners.length === 0) {
      return 0;
    }
    const now = this.deps.now?.() ?? new Date();
    const resolved = await this.deps.resolver.resolve(entity, 'ecs');
    const [pipelines, services] = await Promise.all([
      this.deps.pipelines.getPipelines(resolved.pipelines),
      this.deps.ecs.getServices(resolved.ecsServices),
    ]);
    const events = [
      ...pipelines.flatMap(p =>
        p.status
          ? pipelineEvents(
              p.status,
              now,
              this.deps.settings.approvalWaitMinutes,
            )
          : [],
      ),
      ...services.flatMap(s => (s.status ? ecsEvents(s.status, now) : [])),
    ];
    let sent = 0;
    for (const event of events) {
      if (await this.send(entity, owners, event)) {
        sent += 1;
      }
    }
    return sent;
  }

  private async send(
    entity: Entity,
    owners: string[],
    event: DeliveryEvent,
  ): Promise<boolean> {
    const { store, notifications } = this.deps;
    if (!(await store.claim(event.scope))) {
      return false;
    }
    try {
      await notifications.send({
        recipients: { type: 'entity', entityRef: owners },
        payload: {
          title: event.title,
          description: event.description,
          link: ciCdTabOf(entity),
          severity: event.severity,
          topic: event.topic,
          scope: event.scope,
        },
      });
      return true;
    } catch (error) {
      await store.release(event.scope);
      throw error;
    }
  }
}

/** The owners from `ownedBy` relations, else from `spec.owner` (a group unless it says otherwise). */
export function ownersOf(entity: Entity): string[] {
  const related = (entity.relations ?? [])
    .filter(r => r.type === RELATION_OWNED_BY)
    .map(r => r.targetRef);
  if (related.length > 0) {
    return [...new Set(related)];
  }
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || owner.length === 0) {
    return [];
  }
  return [
    stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'Group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    ),
  ];
}

/** The entity's CI/CD tab in the portal. */
export function ciCdTabOf(entity: Entity): string {
  const namespace = (entity.metadata.namespace ?? 'default').toLowerCase();
  return `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
    entity.kind.toLowerCase(),
  )}/${encodeURIComponent(entity.metadata.name)}/ci-cd`;
}
