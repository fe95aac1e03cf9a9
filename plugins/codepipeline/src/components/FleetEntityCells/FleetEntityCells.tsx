import { parseEntityRef } from '@backstage/catalog-model';
import { Link, Text } from '@backstage/ui';
import type {
  FleetCommit,
  FleetEntitySummary,
} from '@slipway/plugin-codepipeline-common';
import type { CSSProperties } from 'react';
import { RESOURCE_ERROR_TEXT } from '../../errors';
import { FLEET_STATUS_LABEL, ROLLOUT_STATE_LABEL } from '../../fleetLabels';
import { shortCommit } from '../../format';
import { ExternalLink } from '../ExternalLink';
import { ReviewApprovalButton } from '../ReviewApprovalButton';
import { StatusLabel } from '../StatusLabel';

// What the delivery overview's cells show, one component per column; the
// table (FleetEntityTable) wraps each in its `Cell`.

type Row = FleetEntitySummary;

const list: CSSProperties = {
  listStyle: 'none',
  margin: 0,
  padding: 0,
  display: 'flex',
  flexDirection: 'column',
  gap: 'var(--bui-space-2)',
};
const line: CSSProperties = {
  display: 'flex',
  flexWrap: 'wrap',
  alignItems: 'baseline',
  columnGap: 'var(--bui-space-2)',
};

/** Nothing to show in a cell: a dash, or "Reading…" while the backend reads the entity. */
function Nothing(props: { row: Row }) {
  return (
    <Text color="secondary">
      {props.row.status === 'loading' ? 'Reading…' : '—'}
    </Text>
  );
}

function Commit(props: { commit?: FleetCommit }) {
  const { commit } = props;
  if (!commit) return null;
  const label = [shortCommit(commit.id), commit.message]
    .filter(Boolean)
    .join(' ');
  return commit.url ? (
    <ExternalLink href={commit.url}>{label}</ExternalLink>
  ) : (
    <Text>{label}</Text>
  );
}

export function StatusCell(props: { row: Row }) {
  const { row } = props;
  return (
    <>
      <StatusLabel status={row.status} label={FLEET_STATUS_LABEL[row.status]} />
      {row.errors?.map(e => (
        <Text key={e.name} as="p" variant="body-small" color="secondary">
          {`Could not read ${e.name}: ${
            RESOURCE_ERROR_TEXT[e.error.kind]?.title ?? e.error.message
          }`}
        </Text>
      ))}
    </>
  );
}

export function ExecutionsCell(props: { row: Row }) {
  const pipelines = props.row.pipelines;
  if (pipelines.length === 0) return <Nothing row={props.row} />;
  return (
    <ul style={list}>
      {pipelines.map(p => (
        <li key={p.arn} style={line}>
          <Text weight="bold">{p.name}</Text>
          {p.latestExecution ? (
            <>
              <StatusLabel status={p.latestExecution.status} />
              <Commit commit={p.latestExecution.commit} />
            </>
          ) : (
            <Text color="secondary">Never run</Text>
          )}
          {p.failingStage && <Text>{`Failed in ${p.failingStage}`}</Text>}
        </li>
      ))}
    </ul>
  );
}

export function ApprovalsCell(props: {
  row: Row;
  /** The entity's CI/CD tab, where those who may not approve can follow. */
  ciCdPath: string;
  onChanged: () => void | Promise<void>;
}) {
  const { row, ciCdPath, onChanged } = props;
  const waiting = row.pipelines.flatMap(p =>
    p.awaitingApprovals.map(a => ({ pipeline: p, ...a })),
  );
  if (waiting.length === 0) return <Nothing row={row} />;
  const name = parseEntityRef(row.entityRef).name;
  return (
    <ul style={list}>
      {waiting.map(a => (
        <li
          key={`${a.pipeline.arn}/${a.stageName}/${a.actionName}`}
          style={line}
        >
          <Text>{`${a.actionName} in ${a.stageName}`}</Text>
          {row.canApprove ? (
            <ReviewApprovalButton
              entityRef={parseEntityRef(row.entityRef)}
              pipeline={a.pipeline}
              stage={{ name: a.stageName }}
              action={{ name: a.actionName, awaitingApproval: true }}
              permitted
              onDone={onChanged}
              accessibleName={`Review approval ${a.actionName} of ${name}`}
            />
          ) : (
            <Link href={ciCdPath} aria-label={`Open CI/CD tab of ${name}`}>
              Open CI/CD tab
            </Link>
          )}
        </li>
      ))}
    </ul>
  );
}

export function RolloutsCell(props: { row: Row }) {
  const { row } = props;
  if (row.rollouts.length === 0) return <Nothing row={row} />;
  return (
    <ul style={list}>
      {row.rollouts.map(r => (
        <li key={r.serviceArn} style={line}>
          <Text>
            {r.environment ? `${r.service} (${r.environment})` : r.service}
          </Text>
          <StatusLabel status={r.state} label={ROLLOUT_STATE_LABEL[r.state]} />
        </li>
      ))}
    </ul>
  );
}

export function ProductionCell(props: { row: Row }) {
  const { row } = props;
  const production = row.production;
  const version = production?.version ?? production?.taskDefinition;
  if (!production || (!version && !production.commit)) {
    return <Nothing row={row} />;
  }
  return (
    <ul style={list}>
      <li style={line}>
        <Text weight="bold">{version ?? 'Unknown version'}</Text>
        {production.environment && (
          <Text color="secondary">{`in ${production.environment}`}</Text>
        )}
      </li>
      {production.commit && (
        <li>
          <Commit commit={production.commit} />
        </li>
      )}
    </ul>
  );
}
