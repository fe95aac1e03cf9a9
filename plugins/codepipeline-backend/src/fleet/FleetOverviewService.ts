import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  FleetEntityStatus,
  FleetEntitySummary,
  FleetOverviewResponse,
} from '@slipway/plugin-codepipeline-common';
import type { PluginSettings } from '../config';
import { doraByOwner } from './doraByOwner';
import { fullRef, readableFleet, type FleetEntity } from './fleetEntities';
import type { FleetSummaryLoader } from './FleetSummaryLoader';
import type { DeliverySummary } from './summarize';

/** The overview's filters; each narrows, all apply after permission filtering. */
export interface FleetFilters {
  /** Owner entity ref (`group:default/payments`) or name (`payments`, kind group). */
  owner?: string;
  /** System entity ref or name. */
  system?: string;
  status?: FleetEntityStatus;
  /** Case-insensitive part of the entity ref or title. */
  q?: string;
}

/** The overview minus paging: every matching row. */
export type FleetOverview = Omit<
  FleetOverviewResponse,
  'items' | 'totalItems' | 'nextCursor'
> & { items: FleetEntitySummary[] };

const LOADING_POLL_SECONDS = 2;

/**
 * The delivery overview over every entity with Slipway annotations the
 * caller may read: catalog (as the caller) → one batched permission check →
 * cached per-entity summaries ({@link FleetSummaryLoader}) → filters, DORA per
 * owner, paging. Used by `GET /v1/overview` and the MCP actions alike.
 */
export class FleetOverviewService {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      permissions: PermissionsService;
      loader: FleetSummaryLoader;
      settings: Pick<PluginSettings, 'polling'>;
    },
  ) {}

  async overview(
    credentials: BackstageCredentials,
    request: FleetFilters & { limit: number; cursor?: string },
  ): Promise<FleetOverviewResponse> {
    const offset = decodeCursor(request.cursor);
    const { items, ...rest } = await this.all(credentials, request);
    const next = offset + request.limit;
    return {
      items: items.slice(offset, next),
      totalItems: items.length,
      nextCursor: next < items.length ? encodeCursor(next) : undefined,
      ...rest,
    };
  }

  /**
   * Every matching row. `settleMs`: wait up to that long for entities still
   * loading (an agent cannot poll as a page does).
   */
  async all(
    credentials: BackstageCredentials,
    filters: FleetFilters,
    options: { settleMs?: number } = {},
  ): Promise<FleetOverview> {
    const fleet = await readableFleet(this.deps, credentials);
    const owner = filters.owner && fullRef(filters.owner, 'group');
    const system = filters.system && fullRef(filters.system, 'system');
    const q = filters.q?.trim().toLowerCase();
    const matching = fleet.filter(
      e =>
        (!owner || e.owner === owner) &&
        (!system || e.system === system) &&
        (!q ||
          e.entityRef.toLowerCase().includes(q) ||
          (e.title ?? '').toLowerCase().includes(q)),
    );
    let summaries = await this.deps.loader.read(matching);
    if (options.settleMs && [...summaries.values()].some(s => !s)) {
      await this.deps.loader.settled(matching, options.settleMs);
      summaries = await this.deps.loader.read(matching);
    }
    const rows = matching
      .map(entity => rowOf(entity, summaries.get(entity.entityRef)))
      .sort((a, b) => a.entityRef.localeCompare(b.entityRef));
    const ready = rows.filter(r => r.status !== 'loading').length;
    const moving = [...summaries.values()].some(s => s?.active);
    return {
      items: filters.status
        ? rows.filter(r => r.status === filters.status)
        : rows,
      progress: { ready, total: rows.length },
      filters: {
        owners: distinct(fleet.map(e => e.owner)),
        systems: distinct(fleet.map(e => e.system ?? '')),
      },
      dora: doraByOwner(
        matching.map(e => ({
          entityRef: e.entityRef,
          owner: e.owner,
          dora: summaries.get(e.entityRef)?.dora,
        })),
      ),
      refreshedAt: new Date().toISOString(),
      pollIntervalSeconds: pollInterval(
        ready < rows.length,
        moving,
        this.deps.settings,
      ),
    };
  }
}

function rowOf(
  entity: FleetEntity,
  summary: DeliverySummary | undefined,
): FleetEntitySummary {
  const base = {
    entityRef: entity.entityRef,
    title: entity.title,
    kind: entity.kind,
    owner: entity.owner,
    system: entity.system,
    canApprove: entity.canApprove,
  };
  if (!summary) {
    return { ...base, status: 'loading', pipelines: [], rollouts: [] };
  }
  return {
    ...base,
    status: summary.status,
    pipelines: summary.pipelines,
    rollouts: summary.rollouts,
    production: summary.production,
    errors: summary.errors,
    refreshedAt: summary.refreshedAt,
  };
}

function pollInterval(
  loading: boolean,
  moving: boolean,
  { polling }: Pick<PluginSettings, 'polling'>,
): number {
  if (loading) {
    return LOADING_POLL_SECONDS;
  }
  return moving ? polling.activeIntervalSeconds : polling.idleIntervalSeconds;
}

function distinct(values: string[]): string[] {
  return [...new Set(values.filter(Boolean))].sort();
}

function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64url');
}

function decodeCursor(cursor: string | undefined): number {
  if (!cursor) {
    return 0;
  }
  try {
    const { offset } = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    if (Number.isInteger(offset) && offset >= 0) {
      return offset;
    }
  } catch {
    // fall through
  }
  throw new InputError('Invalid query: cursor: not a cursor of this overview');
}
