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

/** The owner and system pickers: the filter each sets, and how its refs read. */
const REF_PICKERS = [
  {
    key: 'owner',
    label: 'Owner',
    all: 'All owners',
    find: 'Find an owner',
    kind: 'group',
  },
  {
    key: 'system',
    label: 'System',
    all: 'All systems',
    find: 'Find a system',
    kind: 'system',
  },
] as const;

/** Owner, system and status pickers and a text search over entity names. */
export function FleetFilters(props: FleetFiltersProps) {
  const { value, owners, systems, onChange } = props;
  const latest = useRef(value);
  latest.current = value;

  // Owner and system pickers: "All …", then every ref the backend offers;
  // a search box once there are more than ten.
  const { owner, system } = value;
  const refPickers = useMemo(() => {
    const offered = { owner: owners, system: systems };
    const chosen = { owner, system };
    return REF_PICKERS.map(picker => ({
      ...picker,
      options: [
        { id: ALL, label: picker.all },
        ...withSelected(offered[picker.key], chosen[picker.key]).map(ref => ({
          id: ref,
          label: readableRef(ref, picker.kind),
        })),
      ],
      search:
        offered[picker.key].length > 10
          ? { placeholder: picker.find }
          : undefined,
    }));
  }, [owners, owner, systems, system]);

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
      {refPickers.map(picker => (
        <Select
          key={picker.key}
          label={picker.label}
          options={picker.options}
          value={value[picker.key] ?? ALL}
          onChange={pick(picker.key)}
          search={picker.search}
          style={{ minWidth: 200 }}
        />
      ))}
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
