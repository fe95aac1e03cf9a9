import { parse } from 'yaml';

/** The command phases of a buildspec, in the order CodeBuild runs them. */
export const COMMAND_PHASES = [
  'install',
  'pre_build',
  'build',
  'post_build',
] as const;
export type CommandPhaseName = (typeof COMMAND_PHASES)[number];

export interface BuildspecPhase {
  commands: string[];
  /** Commands that run after `commands`, even when one of them failed. */
  finally: string[];
  /** `ABORT` stops the build; `CONTINUE` goes on; undefined follows CodeBuild's transitions. */
  onFailure?: 'ABORT' | 'CONTINUE';
  runtimeVersions?: Record<string, string>;
}

export interface BuildspecArtifacts {
  files: string[];
  baseDirectory?: string;
  discardPaths: boolean;
  excludePaths: string[];
  name?: string;
}

/** A parsed buildspec (version 0.2), with what the local world does not run listed in `ignored`. */
export interface Buildspec {
  version: string;
  shell: 'bash' | 'sh';
  variables: Record<string, string>;
  exportedVariables: string[];
  phases: Partial<Record<CommandPhaseName, BuildspecPhase>>;
  artifacts?: BuildspecArtifacts;
  reports: Record<string, { files: string[]; baseDirectory?: string }>;
  /** Parts that are read but not emulated (logged at the start of the build). */
  ignored: string[];
}

/** A buildspec CodeBuild would reject (YAML_FILE_ERROR). */
export class BuildspecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BuildspecError';
  }
}

const scalar = (value: unknown, where: string): string => {
  if (
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean'
  ) {
    return String(value);
  }
  throw new BuildspecError(`${where} must be a string`);
};

const stringList = (value: unknown, where: string): string[] => {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value))
    throw new BuildspecError(`${where} must be a list`);
  return value.map((item, i) => scalar(item, `${where}[${i}]`));
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const yes = (value: unknown) =>
  value === true || (typeof value === 'string' && /^(yes|true)$/i.test(value));

/** Parses a buildspec's YAML as CodeBuild reads version 0.2. */
export function parseBuildspec(text: string): Buildspec {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new BuildspecError(
      `YAML_FILE_ERROR: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  if (!isRecord(doc)) {
    throw new BuildspecError('YAML_FILE_ERROR: the buildspec is not a mapping');
  }
  const version = doc.version === undefined ? '' : String(doc.version);
  if (version !== '0.2') {
    throw new BuildspecError(
      `YAML_FILE_ERROR: version ${
        version || '(missing)'
      } is not supported by the local world (only 0.2)`,
    );
  }
  const ignored: string[] = [];
  for (const key of Object.keys(doc)) {
    if (!['version', 'env', 'phases', 'artifacts', 'reports'].includes(key)) {
      ignored.push(key);
    }
  }

  const env = isRecord(doc.env) ? doc.env : {};
  const variables: Record<string, string> = {};
  if (env.variables !== undefined) {
    if (!isRecord(env.variables)) {
      throw new BuildspecError(
        'YAML_FILE_ERROR: env.variables must be a mapping',
      );
    }
    for (const [name, value] of Object.entries(env.variables)) {
      variables[name] = scalar(value, `env.variables.${name}`);
    }
  }
  for (const key of ['parameter-store', 'secrets-manager']) {
    if (env[key] !== undefined) {
      throw new BuildspecError(
        `YAML_FILE_ERROR: env.${key} is not emulated by the local world`,
      );
    }
  }
  for (const key of Object.keys(env)) {
    if (!['variables', 'exported-variables', 'shell'].includes(key)) {
      ignored.push(`env.${key}`);
    }
  }
  const shell = env.shell === undefined ? 'bash' : String(env.shell);
  if (shell !== 'bash' && shell !== 'sh') {
    throw new BuildspecError(
      `YAML_FILE_ERROR: env.shell ${shell} is not supported (bash or sh)`,
    );
  }

  const phases: Buildspec['phases'] = {};
  const rawPhases = isRecord(doc.phases) ? doc.phases : {};
  for (const key of Object.keys(rawPhases)) {
    if (!(COMMAND_PHASES as readonly string[]).includes(key)) {
      throw new BuildspecError(`YAML_FILE_ERROR: unknown phase ${key}`);
    }
  }
  for (const name of COMMAND_PHASES) {
    const raw = rawPhases[name];
    if (raw === undefined || raw === null) continue;
    if (!isRecord(raw)) {
      throw new BuildspecError(
        `YAML_FILE_ERROR: phases.${name} must be a mapping`,
      );
    }
    const onFailure =
      raw['on-failure'] === undefined ? undefined : String(raw['on-failure']);
    if (
      onFailure !== undefined &&
      onFailure !== 'ABORT' &&
      onFailure !== 'CONTINUE'
    ) {
      throw new BuildspecError(
        `YAML_FILE_ERROR: phases.${name}.on-failure ${onFailure} is not supported (ABORT or CONTINUE)`,
      );
    }
    const runtimeVersions = isRecord(raw['runtime-versions'])
      ? Object.fromEntries(
          Object.entries(raw['runtime-versions']).map(([k, v]) => [
            k,
            String(v),
          ]),
        )
      : undefined;
    for (const key of Object.keys(raw)) {
      if (
        !['commands', 'finally', 'on-failure', 'runtime-versions'].includes(key)
      ) {
        ignored.push(`phases.${name}.${key}`);
      }
    }
    phases[name] = {
      commands: stringList(raw.commands, `phases.${name}.commands`),
      finally: stringList(raw.finally, `phases.${name}.finally`),
      onFailure: onFailure as BuildspecPhase['onFailure'],
      runtimeVersions,
    };
  }

  let artifacts: BuildspecArtifacts | undefined;
  if (isRecord(doc.artifacts)) {
    const raw = doc.artifacts;
    const files = stringList(raw.files, 'artifacts.files');
    if (files.length === 0) {
      throw new BuildspecError('YAML_FILE_ERROR: artifacts.files is empty');
    }
    artifacts = {
      files,
      baseDirectory:
        raw['base-directory'] === undefined
          ? undefined
          : scalar(raw['base-directory'], 'artifacts.base-directory'),
      discardPaths: yes(raw['discard-paths']),
      excludePaths: stringList(raw['exclude-paths'], 'artifacts.exclude-paths'),
      name: raw.name === undefined ? undefined : String(raw.name),
    };
    for (const key of Object.keys(raw)) {
      if (
        ![
          'files',
          'base-directory',
          'discard-paths',
          'exclude-paths',
          'name',
        ].includes(key)
      ) {
        ignored.push(`artifacts.${key}`);
      }
    }
  }

  const reports: Buildspec['reports'] = {};
  if (isRecord(doc.reports)) {
    for (const [group, raw] of Object.entries(doc.reports)) {
      if (!isRecord(raw)) continue;
      reports[group] = {
        files: stringList(raw.files, `reports.${group}.files`),
        baseDirectory:
          raw['base-directory'] === undefined
            ? undefined
            : String(raw['base-directory']),
      };
    }
  }

  return {
    version,
    shell,
    variables,
    exportedVariables: stringList(
      env['exported-variables'],
      'env.exported-variables',
    ),
    phases,
    artifacts,
    reports,
    ignored,
  };
}
