import { Flex, SearchField, Select } from '@backstage/ui';
import {
  FLEET_ENTITY_STATUSES,
  type FleetEntityStatus,
} from '@slipway/plugin-codepipeline-common';
import { useEffect, useMemo, useRef, useState } from 'react';
import { FLEET_STATUS_LABEL, readableRef } from '../../fleetLabels';

/** The overview's filters; unset ones do not narrow. */
export interface FleetFilterValues {
  /** Owner entity ref, as the backend lists it in `filters.owners`. */
  owner?: string;
  /** System entity ref, as listed in `filters.systems`. */
  system?: string;
  status?: FleetEntityStatus;
  /** Part of the entity's ref or title. */
  q?: string;
}

export interface FleetFiltersProps {
  value: FleetFilterValues;
  /** Every owner and system the backend offers (`filters` of the answer). */
  owners: string[];
  systems: string[];
  onChange: (next: FleetFilterValues) => void;
}

/** Typing pauses this long before the search asks the backend. */
export const SEARCH_DEBOUNCE_MS = 300;

const ALL = 'all';

/** Status choices, worst first; `loading` is a moment, not something to filter on. */
const STATUS_OPTIONS = [
  { id: ALL, label: 'All statuses' },
  ...FLEET_ENTITY_STATUSES.filter(s => s !== 'loading').map(s => ({
    id: s,
    label: FLEET_STATUS_LABEL[s],
  })),
];

/** Owner, system and status pickers and a text search over entity names. */
export function FleetFilters(props: FleetFiltersProps) {
  const { value, owners, systems, onChange } = props;
  const latest = useRef(value);
  latest.current = value;

  const ownerOptions = useMemo(
    () => [
      { id: ALL, label: 'All owners' },
      ...withSelected(owners, value.owner).map(ref => ({
        id: ref,
        label: readableRef(ref, 'group'),
      })),
    ],
    [owners, value.owner],
  );
  const systemOptions = useMemo(
    () => [
      { id: ALL, label: 'All systems' },
      ...withSelected(systems, value.system).map(ref => ({
        id: ref,
        label: readableRef(ref, 'system'),
      })),
    ],
    [systems, value.system],
  );

  // The search box answers each key at once; the backend is asked once typing pauses.
  // A query set from outside ("Clear filters") replaces what is typed.
  const [text, setText] = useState(value.q ?? '');
  useEffect(
    () =>
      setText(typed =>
        (typed.trim() || undefined) === (value.q || undefined)
          ? typed
          : value.q ?? '',
      ),
    [value.q],
  );
  useEffect(() => {
    const q = text.trim() || undefined;
    if (q === (latest.current.q || undefined)) return undefined;
    const timer = setTimeout(
      () => onChange({ ...latest.current, q }),
      SEARCH_DEBOUNCE_MS,
    );
    return () => clearTimeout(timer);
  }, [text, onChange]);

  const pick = (key: keyof FleetFilterValues) => (selected: unknown) =>
    onChange({
      ...value,
      [key]: selected === ALL || selected === null ? undefined : selected,
    });

  return (
    <Flex gap="4" align="end" style={{ flexWrap: 'wrap' }}>
      <Select
        label="Owner"
        options={ownerOptions}
        value={value.owner ?? ALL}
        onChange={pick('owner')}
        search={
          owners.length > 10 ? { placeholder: 'Find an owner' } : undefined
        }
        style={{ minWidth: 200 }}
      />
      <Select
        label="System"
        options={systemOptions}
        value={value.system ?? ALL}
        onChange={pick('system')}
        search={
          systems.length > 10 ? { placeholder: 'Find a system' } : undefined
        }
        style={{ minWidth: 200 }}
      />
      <Select
        label="Status"
        options={STATUS_OPTIONS}
        value={value.status ?? ALL}
        onChange={pick('status')}
        style={{ minWidth: 200 }}
      />
      <SearchField
        label="Search services"
        placeholder="Name or title"
        value={text}
        onChange={setText}
        onSubmit={submitted =>
          onChange({ ...value, q: submitted.trim() || undefined })
        }
        onClear={() => onChange({ ...value, q: undefined })}
        style={{ minWidth: 240 }}
      />
    </Flex>
  );
}

/** The options, plus the chosen one when the backend no longer lists it (so the picker still shows it). */
function withSelected(options: string[], selected?: string): string[] {
  return selected && !options.includes(selected)
    ? [selected, ...options]
    : options;
}
