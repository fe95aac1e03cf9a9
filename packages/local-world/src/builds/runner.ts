/**
 * CodeBuild builds, run for real on this machine.
 *
 * A build copies the source into a fresh sandbox (without `.git`), reads its
 * buildspec (version 0.2) and runs each phase's commands in one bash per
 * phase, in the build's own process group, with: a fresh virtualenv first on
 * the PATH (`python`, `pip`), `docker` and `aws` shims before it (see
 * shims.ts), a private /tmp where `unshare` allows it, and the environment
 * CodeBuild gives (CODEBUILD_*, AWS_REGION, the buildspec's env.variables,
 * then the project's variables, then the StartBuild overrides, each winning
 * over the one before). Shell variables and the working directory carry over
 * from one phase to the next, as in CodeBuild's version 0.2.
 *
 * Phase transitions, as CodeBuild's: a failing INSTALL or PRE_BUILD ends the
 * build (FINALIZING next); after a failing BUILD, POST_BUILD still runs (with
 * CODEBUILD_BUILD_SUCCEEDING=0) and UPLOAD_ARTIFACTS is still attempted; a
 * phase's `on-failure: ABORT` ends the build at that phase, `CONTINUE` goes on
 * to the next. A failed command skips the rest of its phase's `commands`;
 * the phase's `finally` commands run either way. The timeout (default 10 min)
 * kills the running phase's process group: TIMED_OUT; `stop()` or an aborted
 * signal: STOPPED.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  BuildspecError,
  COMMAND_PHASES,
  parseBuildspec,
  type Buildspec,
  type CommandPhaseName,
} from './buildspec';
import { collectFiles } from './files';
import {
  defaultWorkRoot,
  isInside,
  probeTmpIsolation,
  unsharePrefix,
  which,
  type TmpIsolation,
} from './sandbox';
import { writeShims } from './shims';

export type BuildPhaseType =
  | 'SUBMITTED'
  | 'QUEUED'
  | 'PROVISIONING'
  | 'DOWNLOAD_SOURCE'
  | 'INSTALL'
  | 'PRE_BUILD'
  | 'BUILD'
  | 'POST_BUILD'
  | 'UPLOAD_ARTIFACTS'
  | 'FINALIZING'
  | 'COMPLETED';

export type BuildStatus =
  | 'SUCCEEDED'
  | 'FAILED'
  | 'FAULT'
  | 'TIMED_OUT'
  | 'IN_PROGRESS'
  | 'STOPPED';

/** One entry of BatchGetBuilds' `phases`. */
export interface BuildPhase {
  phaseType: BuildPhaseType;
  /** Absent while the phase runs, and on COMPLETED (as AWS gives it). */
  phaseStatus?: BuildStatus;
  startTime: Date;
  endTime?: Date;
  durationInSeconds?: number;
  contexts?: { statusCode: string; message: string }[];
}

/** A build in BatchGetBuilds' shape, plus what the local world knows besides. */
export interface BuildResult {
  id: string;
  arn: string;
  buildNumber: number;
  projectName: string;
  startTime: Date;
  endTime?: Date;
  currentPhase: BuildPhaseType;
  buildStatus: BuildStatus;
  buildComplete: boolean;
  sourceVersion: string;
  resolvedSourceVersion: string;
  initiator: string;
  timeoutInMinutes: number;
  phases: BuildPhase[];
  environment: {
    type: 'LINUX_CONTAINER';
    image: string;
    computeType: string;
    privilegedMode: boolean;
    environmentVariables: { name: string; value: string; type: 'PLAINTEXT' }[];
  };
  logs: { groupName: string; streamName: string; deepLink: string };
  artifacts?: { location: string };
  exportedEnvironmentVariables?: { name: string; value: string }[];
  /** Local world only: the images the `docker` shim registered in the emulated ECR. */
  images: {
    uri: string;
    repositoryName: string;
    tag: string;
    digest: string;
  }[];
  /** Local world only: the artifact files, relative to `artifactsDir`. */
  artifactFiles: string[];
  /** Local world only: where the artifacts were collected (kept after the build). */
  artifactsDir: string;
  /** Local world only: the file holding the build log (kept after the build). */
  logFile: string;
}

export interface RunBuildOptions {
  projectName: string;
  /** A checkout of the repository; copied, never written to. */
  sourceDir: string;
  /** The commit: CODEBUILD_RESOLVED_SOURCE_VERSION. */
  sourceVersion: string;
  /** The buildspec's path in the source (default buildspec.yml)… */
  buildspecPath?: string;
  /** …or its text (an inline buildspec), which wins. */
  buildspec?: string;
  /** The emulated AWS (moto or the local world): AWS_ENDPOINT_URL of the build and its shims. */
  endpointUrl: string;
  region?: string;
  accountId?: string;
  /** The project's environment variables (they win over the buildspec's env.variables). */
  environmentVariables?: Record<string, string>;
  /** StartBuild's environmentVariablesOverride (they win over everything). */
  environmentVariablesOverride?: Record<string, string>;
  /** Default 10 minutes; the process group of the running phase is killed when it passes. */
  timeoutMs?: number;
  /** Where sandboxes and outputs go (default /var/tmp/slipway-local-world, outside /tmp). */
  workRoot?: string;
  /** Default /aws/codebuild/<project>. */
  logGroupName?: string;
  /** Where the log is served: deepLink = `${logUrlBase}/<url-encoded build id>/log`; default a file:// URL. */
  logUrlBase?: string;
  initiator?: string;
  buildNumber?: number;
  /** Gets the log as it is written. */
  onLog?: (text: string) => void;
  /** Stops the build (StopBuild): STOPPED. */
  signal?: AbortSignal;
  /** Keep the working copy, venv and private /tmp (default: only the log and artifacts are kept). */
  keepSandbox?: boolean;
  /** Default: probed once (`unshare`), else the machine's /tmp. */
  tmpIsolation?: TmpIsolation;
  /** The interpreter the build's virtualenv is made from (default python3). */
  python?: string;
  /** Put a fresh virtualenv on the PATH (`python`, `pip`); default true. */
  virtualenv?: boolean;
}

/** Told of a phase that completed, with the build as it is when told (both copies). */
export type PhaseEndListener = (phase: BuildPhase, build: BuildResult) => void;

export interface BuildHandle {
  id: string;
  /** The build as BatchGetBuilds would show it now. */
  snapshot(): BuildResult;
  /**
   * Tells `listener` of each phase as it completes (SUBMITTED … FINALIZING;
   * COMPLETED never does), first of those that completed before the call.
   */
  onPhaseEnd(listener: PhaseEndListener): void;
  /** The finished build. */
  done: Promise<BuildResult>;
  /** StopBuild. */
  stop(): void;
}

/** Environment variables of this machine a build keeps (locale, HOME for pip's cache, pip's and proxy settings). */
const INHERITED =
  /^(HOME|USER|LOGNAME|LANG|LANGUAGE|LC_[A-Z]+|TZ|TERM|SSL_CERT_FILE|SSL_CERT_DIR|REQUESTS_CA_BUNDLE|CURL_CA_BUNDLE|PIP_[A-Z_]+|PYENV_ROOT|PYENV_VERSION|https?_proxy|no_proxy|HTTPS?_PROXY|NO_PROXY)$/;

const PHASE_TYPE: Record<CommandPhaseName, BuildPhaseType> = {
  install: 'INSTALL',
  pre_build: 'PRE_BUILD',
  build: 'BUILD',
  post_build: 'POST_BUILD',
};

const stamp = (date = new Date()) => {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${date.getUTCFullYear()}/${pad(date.getUTCMonth() + 1)}/${pad(
    date.getUTCDate(),
  )} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(
    date.getUTCSeconds(),
  )}.${pad(date.getUTCMilliseconds(), 3)}000`;
};

const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/** The bash helpers every phase script starts with. */
const PRELUDE = [
  'exec 2>&1',
  '__lw_ts() { local TZ=UTC t=$EPOCHREALTIME; printf \'%(%Y/%m/%d %H:%M:%S)T.%s\' "${t%.*}" "${t#*.}"; }',
  '__lw_say() { printf \'[Container] %s %s\\n\' "$(__lw_ts)" "$1"; }',
  '__lw_save() {',
  '  pwd > "$__lw_state/cwd"',
  '  local __lw_v __lw_d __lw_f',
  '  for __lw_v in $(compgen -v); do',
  '    case $__lw_v in',
  '      BASH*|FUNCNAME|GROUPS|PIPESTATUS|RANDOM|SRANDOM|SECONDS|LINENO|SHLVL|PWD|OLDPWD|_|HIST*|EPOCH*|DIRSTACK|COMP_*|PPID|UID|EUID|SHELLOPTS|IFS|OPT*|PS1|PS2|PS4|__lw_*|MACHTYPE|HOSTTYPE|OSTYPE|CODEBUILD_BUILD_SUCCEEDING) continue ;;',
  '    esac',
  '    __lw_d=$(declare -p "$__lw_v" 2>/dev/null) || continue',
  '    __lw_f=${__lw_d#declare -}; __lw_f=${__lw_f%% *}',
  '    case $__lw_f in *r*) continue ;; esac',
  '    printf \'%s\\n\' "$__lw_d"',
  '  done > "$__lw_state/env.sh"',
  '}',
].join('\n');

function phaseScript(
  stateDir: string,
  phase: CommandPhaseName,
  commands: string[],
  finallyCommands: string[],
  succeeding: boolean,
): string {
  const lines = [
    '#!/usr/bin/env bash',
    `__lw_state=${shellQuote(stateDir)}`,
    PRELUDE,
    `[ -f "$__lw_state/env.sh" ] && . "$__lw_state/env.sh"`,
    `cd "$(cat "$__lw_state/cwd")" || exit 97`,
    `export CODEBUILD_BUILD_SUCCEEDING=${succeeding ? 1 : 0}`,
    '__lw_failed=',
  ];
  const step = (command: string, index: string, isFinally: boolean) => {
    const file = path.join(stateDir, `${phase}-${index}.sh`);
    fsSync.writeFileSync(file, `${command}\n`);
    lines.push(
      `__lw_say ${shellQuote(`Running command ${command}`)}`,
      `. ${shellQuote(file)}`,
      '__lw_rc=$?',
      'if [ "$__lw_rc" -ne 0 ]; then',
      `  __lw_say ${shellQuote(
        `Command did not exit successfully ${command} exit status `,
      )}"$__lw_rc"`,
      `  [ -z "$__lw_failed" ] && __lw_failed=1 && printf '%s\\n%s\\n' "$__lw_rc" ${shellQuote(
        command,
      )} > "$__lw_state/failed"`,
      isFinally ? '' : '  __lw_goto_finally=1',
      'fi',
    );
  };
  // Commands stop at the first failure; `finally` runs either way.
  lines.push('__lw_goto_finally=');
  commands.forEach((command, i) => {
    lines.push('if [ -z "$__lw_goto_finally" ]; then');
    step(command, String(i), false);
    lines.push('fi');
  });
  finallyCommands.forEach((command, i) => step(command, `finally-${i}`, true));
  lines.push('__lw_save', '[ -z "$__lw_failed" ]', '');
  return lines.join('\n');
}

/** Runs a program to the end, without blocking the event loop (timers must fire). */
function capture(
  file: string,
  args: string[],
): Promise<{ code: number | null; output: string }> {
  return new Promise(resolve => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', chunk => (output += chunk));
    child.stderr.on('data', chunk => (output += chunk));
    child.on('error', error => resolve({ code: null, output: error.message }));
    child.on('close', code => resolve({ code, output }));
  });
}

interface PhaseOutcome {
  status: BuildStatus;
  context?: { statusCode: string; message: string };
}

/** Starts a build; `done` resolves when it has finished (it never rejects). */
export function startBuild(options: RunBuildOptions): BuildHandle {
  const uuid = randomUUID();
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '123456789012';
  const id = `${options.projectName}:${uuid}`;
  const workRoot = path.resolve(options.workRoot ?? defaultWorkRoot());
  const sandbox = path.join(workRoot, `build-${uuid}`);
  const outputDir = path.join(workRoot, `output-${uuid}`);
  const logFile = path.join(outputDir, 'build.log');
  const artifactsDir = path.join(outputDir, 'artifacts');
  const timeoutMs = options.timeoutMs ?? 10 * 60_000;
  const groupName =
    options.logGroupName ?? `/aws/codebuild/${options.projectName}`;
  const startTime = new Date();
  const build: BuildResult = {
    id,
    arn: `arn:aws:codebuild:${region}:${accountId}:build/${id}`,
    buildNumber: options.buildNumber ?? 1,
    projectName: options.projectName,
    startTime,
    currentPhase: 'SUBMITTED',
    buildStatus: 'IN_PROGRESS',
    buildComplete: false,
    sourceVersion: options.sourceVersion,
    resolvedSourceVersion: options.sourceVersion,
    initiator: options.initiator ?? 'local-world',
    timeoutInMinutes: Math.max(1, Math.round(timeoutMs / 60_000)),
    phases: [],
    environment: {
      type: 'LINUX_CONTAINER',
      image: 'aws/codebuild/standard:7.0 (local world: this machine)',
      computeType: 'BUILD_GENERAL1_SMALL',
      privilegedMode: true,
      environmentVariables: Object.entries(
        options.environmentVariables ?? {},
      ).map(([name, value]) => ({ name, value, type: 'PLAINTEXT' as const })),
    },
    logs: {
      groupName,
      streamName: uuid,
      deepLink: options.logUrlBase
        ? `${options.logUrlBase.replace(/\/+$/, '')}/${encodeURIComponent(
            id,
          )}/log`
        : `file://${logFile}`,
    },
    images: [],
    artifactFiles: [],
    artifactsDir,
    logFile,
  };

  fsSync.mkdirSync(outputDir, { recursive: true });
  const logStream = fsSync.createWriteStream(logFile);
  const write = (text: string) => {
    logStream.write(text);
    options.onLog?.(text);
  };
  const say = (text: string) => write(`[Container] ${stamp()} ${text}\n`);

  let stopped: 'STOPPED' | 'TIMED_OUT' | undefined;
  let running: { pid: number } | undefined;
  const killRunning = () => {
    if (running) {
      try {
        process.kill(-running.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  const stop = (why: 'STOPPED' | 'TIMED_OUT') => {
    if (build.buildComplete || stopped) return;
    stopped = why;
    killRunning();
  };
  const timer = setTimeout(() => stop('TIMED_OUT'), timeoutMs);
  const onAbort = () => stop('STOPPED');
  options.signal?.addEventListener('abort', onAbort);
  if (options.signal?.aborted) stopped = 'STOPPED';

  const phaseEndListeners: PhaseEndListener[] = [];
  const onPhaseEnd = (listener: PhaseEndListener) => {
    const now = structuredClone(build);
    for (const phase of now.phases) if (phase.endTime) listener(phase, now);
    phaseEndListeners.push(listener);
  };
  const tellPhaseEnd = (phase: BuildPhase) => {
    if (phaseEndListeners.length === 0) return;
    const now = structuredClone(build);
    const ended = now.phases[build.phases.indexOf(phase)];
    for (const listener of phaseEndListeners) listener(ended, now);
  };

  const begin = (phaseType: BuildPhaseType): BuildPhase => {
    const phase: BuildPhase = { phaseType, startTime: new Date() };
    build.phases.push(phase);
    build.currentPhase = phaseType;
    if (!['SUBMITTED', 'QUEUED', 'COMPLETED'].includes(phaseType)) {
      say(`Entering phase ${phaseType}`);
    }
    return phase;
  };
  const end = (phase: BuildPhase, outcome: PhaseOutcome) => {
    phase.endTime = new Date();
    phase.phaseStatus = outcome.status;
    phase.durationInSeconds = Math.floor(
      (phase.endTime.getTime() - phase.startTime.getTime()) / 1000,
    );
    if (outcome.context) phase.contexts = [outcome.context];
    say(`Phase complete: ${phase.phaseType} State: ${outcome.status}`);
    say(
      `Phase context status code: ${
        outcome.context?.statusCode ?? ''
      } Message: ${outcome.context?.message ?? ''}`,
    );
    tellPhaseEnd(phase);
  };
  const stoppedOutcome = (): PhaseOutcome =>
    stopped === 'TIMED_OUT'
      ? {
          status: 'TIMED_OUT',
          context: {
            statusCode: 'BUILD_TIMED_OUT',
            message: `Build has timed out. The local world stopped it after ${Math.round(
              timeoutMs / 1000,
            )} s and killed its processes.`,
          },
        }
      : {
          status: 'STOPPED',
          context: {
            statusCode: 'BUILD_STOPPED',
            message: 'Build was stopped.',
          },
        };

  const stateDir = path.join(sandbox, '.local-world', 'state');
  const binDir = path.join(sandbox, '.local-world', 'bin');
  const venvDir = path.join(sandbox, '.local-world', 'python');
  const privateTmp = path.join(sandbox, 'tmp');
  const srcDir = path.join(sandbox, 'src');
  let isolation: TmpIsolation = 'none';
  let env: Record<string, string> = {};
  let spec: Buildspec | undefined;

  /** Runs one program in the sandbox's process group, with the build's private /tmp. */
  const runInSandbox = (script: string): Promise<number | null> =>
    new Promise(resolve => {
      if (stopped) {
        resolve(null);
        return;
      }
      const argv =
        isolation === 'none'
          ? ['bash', script]
          : [
              ...unsharePrefix(isolation),
              'bash',
              '-c',
              'mount --bind "$1" /tmp && exec bash "$2"',
              '_',
              privateTmp,
              script,
            ];
      const child = spawn(argv[0], argv.slice(1), {
        cwd: srcDir,
        env,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      running = { pid: child.pid! };
      child.stdout.on('data', chunk => write(chunk.toString()));
      child.stderr.on('data', chunk => write(chunk.toString()));
      child.on('error', error => {
        write(`${error.message}\n`);
      });
      child.on('close', code => {
        running = undefined;
        resolve(code);
      });
    });

  const provision = async (): Promise<PhaseOutcome> => {
    const requested = options.tmpIsolation ?? probeTmpIsolation();
    isolation =
      requested !== 'none' && isInside(sandbox, '/tmp') ? 'none' : requested;
    await fs.mkdir(stateDir, { recursive: true });
    await fs.mkdir(privateTmp, { recursive: true });
    await fs.writeFile(path.join(stateDir, 'cwd'), srcDir);
    const python = options.python ?? 'python3';
    let version = 'no virtualenv';
    if (options.virtualenv !== false) {
      const venv = await capture(python, ['-m', 'venv', venvDir]);
      if (venv.code !== 0) {
        return {
          status: 'FAILED',
          context: {
            statusCode: 'CLIENT_ERROR',
            message: `could not make the build's virtualenv with ${python} -m venv: ${venv.output.trim()}`,
          },
        };
      }
      version = `a virtualenv (${(
        await capture(path.join(venvDir, 'bin', 'python'), ['--version'])
      ).output.trim()})`;
    }
    await writeShims(binDir, {
      nodePath: process.execPath,
      realAws: which('aws', process.env.PATH, [binDir]),
    });
    const tmp =
      isolation === 'none'
        ? `the machine's own /tmp (no mount namespace available here: /tmp is shared)`
        : `a private /tmp (mount namespace)`;
    say(
      `(local world) Running on this machine, not in a CodeBuild container: a fresh working copy, ${version} and docker/aws shims on the PATH, and ${tmp}`,
    );
    return { status: 'SUCCEEDED' };
  };

  const downloadSource = async (): Promise<PhaseOutcome> => {
    await fs.cp(options.sourceDir, srcDir, {
      recursive: true,
      filter: source => path.basename(source) !== '.git',
    });
    try {
      const text =
        options.buildspec ??
        (await fs.readFile(
          path.join(srcDir, options.buildspecPath ?? 'buildspec.yml'),
          'utf8',
        ));
      spec = parseBuildspec(text);
    } catch (error) {
      const message =
        error instanceof BuildspecError
          ? error.message
          : `YAML_FILE_ERROR: no buildspec at ${
              options.buildspecPath ?? 'buildspec.yml'
            }`;
      return {
        status: 'FAILED',
        context: { statusCode: 'YAML_FILE_ERROR', message },
      };
    }
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(
        (entry): entry is [string, string] =>
          INHERITED.test(entry[0]) && entry[1] !== undefined,
      ),
    );
    env = {
      ...inherited,
      PATH: [binDir, path.join(venvDir, 'bin'), process.env.PATH ?? ''].join(
        path.delimiter,
      ),
      VIRTUAL_ENV: venvDir,
      AWS_ENDPOINT_URL: options.endpointUrl,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      // An unreachable index (no internet here) is passed over at once rather
      // than retried: pip then takes the machine's local index or wheels.
      PIP_RETRIES: process.env.PIP_RETRIES ?? '0',
      ...spec.variables,
      ...options.environmentVariables,
      ...options.environmentVariablesOverride,
      CODEBUILD_BUILD_ID: id,
      CODEBUILD_BUILD_ARN: build.arn,
      CODEBUILD_BUILD_NUMBER: String(build.buildNumber),
      CODEBUILD_BUILD_IMAGE: 'aws/codebuild/standard:7.0',
      CODEBUILD_CI: 'true',
      CODEBUILD_INITIATOR: build.initiator,
      CODEBUILD_LOG_PATH: uuid,
      CODEBUILD_RESOLVED_SOURCE_VERSION: options.sourceVersion,
      CODEBUILD_SOURCE_VERSION: options.sourceVersion,
      CODEBUILD_SRC_DIR: srcDir,
      CODEBUILD_START_TIME: String(startTime.getTime()),
      SLIPWAY_LOCAL_WORLD_STATE: stateDir,
    };
    say(`CODEBUILD_SRC_DIR=${srcDir}`);
    say(
      options.buildspec !== undefined
        ? 'YAML location is the project (inline buildspec)'
        : `YAML location is ${path.join(
            srcDir,
            options.buildspecPath ?? 'buildspec.yml',
          )}`,
    );
    const counts = COMMAND_PHASES.filter(name => spec!.phases[name]).map(
      name =>
        `${PHASE_TYPE[name]}: ${spec!.phases[name]!.commands.length} commands`,
    );
    say(`Phases found in YAML: ${counts.length} (${counts.join(', ')})`);
    if (spec.ignored.length > 0) {
      say(`(local world) not emulated, ignored: ${spec.ignored.join(', ')}`);
    }
    if (spec.shell === 'sh')
      say('(local world) env.shell sh: commands run in bash');
    return { status: 'SUCCEEDED' };
  };

  const commandPhase = async (
    name: CommandPhaseName,
    succeeding: boolean,
  ): Promise<PhaseOutcome> => {
    const phase = spec!.phases[name];
    if (phase?.runtimeVersions) {
      const wanted = Object.entries(phase.runtimeVersions)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
      say(
        `(local world) runtime-versions (${wanted}) ignored: the build uses this machine's runtimes`,
      );
    }
    if (!phase || (phase.commands.length === 0 && phase.finally.length === 0)) {
      return { status: 'SUCCEEDED' };
    }
    const script = path.join(stateDir, `${name}.sh`);
    await fs.rm(path.join(stateDir, 'failed'), { force: true });
    await fs.writeFile(
      script,
      phaseScript(stateDir, name, phase.commands, phase.finally, succeeding),
    );
    const code = await runInSandbox(script);
    if (stopped) return stoppedOutcome();
    if (code === 0) return { status: 'SUCCEEDED' };
    const failed = await fs
      .readFile(path.join(stateDir, 'failed'), 'utf8')
      .catch(() => undefined);
    if (failed) {
      const [rc, ...command] = failed.split('\n');
      return {
        status: 'FAILED',
        context: {
          statusCode: 'COMMAND_EXECUTION_ERROR',
          message: `Error while executing command: ${command
            .join('\n')
            .trim()}. Reason: exit status ${rc}`,
        },
      };
    }
    return {
      status: 'FAILED',
      context: {
        statusCode: 'COMMAND_EXECUTION_ERROR',
        message: `Error while executing the ${name} phase: the shell exited with ${code}`,
      },
    };
  };

  const uploadArtifacts = async (): Promise<PhaseOutcome> => {
    const artifacts = spec?.artifacts;
    await fs.mkdir(artifactsDir, { recursive: true });
    if (!artifacts) return { status: 'SUCCEEDED' };
    const base = path.resolve(srcDir, artifacts.baseDirectory ?? '.');
    const { files, unmatched } = await collectFiles(
      base,
      artifacts.files,
      artifactsDir,
      {
        discardPaths: artifacts.discardPaths,
        excludePaths: artifacts.excludePaths,
      },
    );
    build.artifactFiles = files;
    build.artifacts = { location: `file://${artifactsDir}` };
    if (unmatched.length > 0) {
      return {
        status: 'FAILED',
        context: {
          statusCode: 'CLIENT_ERROR',
          message: `no matching artifact paths found: ${unmatched.join(', ')}`,
        },
      };
    }
    say(`(local world) artifacts kept in ${artifactsDir}: ${files.join(', ')}`);
    return { status: 'SUCCEEDED' };
  };

  const readExported = async () => {
    const names = spec?.exportedVariables ?? [];
    if (names.length === 0) return;
    const dump = path.join(stateDir, 'env.sh');
    const result = spawnSync(
      'bash',
      [
        '-c',
        '[ -f "$1" ] && . "$1"; shift; for n; do printf "%s\\0%s\\0" "$n" "${!n}"; done',
        '_',
        dump,
        ...names,
      ],
      { encoding: 'utf8', env },
    );
    const parts = result.stdout.split('\0');
    build.exportedEnvironmentVariables = names.map((name, i) => ({
      name,
      value: parts[i * 2 + 1] ?? '',
    }));
  };

  const readImages = async () => {
    const text = await fs
      .readFile(path.join(stateDir, 'pushed-images.jsonl'), 'utf8')
      .catch(() => '');
    build.images = text
      .split('\n')
      .filter(Boolean)
      .map(line => JSON.parse(line));
  };

  const run = async (): Promise<BuildResult> => {
    let failed = false;
    let abort = false;
    const step = async (
      phaseType: BuildPhaseType,
      body: () => Promise<PhaseOutcome>,
      onFailure?: 'ABORT' | 'CONTINUE',
      stopsBuild = true,
    ) => {
      const phase = begin(phaseType);
      let outcome: PhaseOutcome;
      try {
        outcome = stopped ? stoppedOutcome() : await body();
      } catch (error) {
        outcome = {
          status: 'FAILED',
          context: {
            statusCode: 'CLIENT_ERROR',
            message: `(local world) ${(error as Error).message}`,
          },
        };
      }
      end(phase, outcome);
      if (outcome.status !== 'SUCCEEDED') {
        failed = true;
        if (
          stopped ||
          onFailure === 'ABORT' ||
          (stopsBuild && onFailure !== 'CONTINUE')
        ) {
          abort = true;
        }
      }
    };
    const instant = (phaseType: BuildPhaseType) => {
      const phase = begin(phaseType);
      phase.endTime = phase.startTime;
      phase.phaseStatus = 'SUCCEEDED';
      phase.durationInSeconds = 0;
      tellPhaseEnd(phase);
    };

    instant('SUBMITTED');
    instant('QUEUED');
    await step('PROVISIONING', provision);
    if (!abort) await step('DOWNLOAD_SOURCE', downloadSource);
    for (const name of COMMAND_PHASES) {
      if (abort) break;
      // CodeBuild: a failing INSTALL or PRE_BUILD ends the build; after a
      // failing BUILD, POST_BUILD still runs (CODEBUILD_BUILD_SUCCEEDING=0)
      // and the artifacts are still uploaded; on-failure ABORT ends the build
      // at any phase, CONTINUE goes on to the next one.
      const stopsBuild = name === 'install' || name === 'pre_build';
      const succeeding = !failed;
      await step(
        PHASE_TYPE[name],
        () => commandPhase(name, succeeding),
        spec!.phases[name]?.onFailure,
        stopsBuild,
      );
    }
    if (!abort) await step('UPLOAD_ARTIFACTS', uploadArtifacts);
    await step('FINALIZING', async () => {
      await readExported();
      await readImages();
      return { status: 'SUCCEEDED' };
    });
    const completed = begin('COMPLETED');
    build.endTime = completed.startTime;
    build.buildStatus = stopped ?? (failed ? 'FAILED' : 'SUCCEEDED');
    build.buildComplete = true;
    write(
      `[Container] ${stamp()} (local world) Build ${id} ${build.buildStatus}\n`,
    );
    return build;
  };

  const done = run()
    .catch(error => {
      // Never reached in practice: phases catch their own errors.
      build.buildStatus = 'FAULT';
      build.buildComplete = true;
      build.endTime = new Date();
      write(`(local world) ${(error as Error).stack}\n`);
      return build;
    })
    .finally(async () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      killRunning();
      await new Promise(resolve => logStream.end(resolve));
      if (!options.keepSandbox) {
        await fs.rm(sandbox, { recursive: true, force: true }).catch(() => {});
      }
    })
    .then(() => build);

  return {
    id,
    snapshot: () => structuredClone(build),
    onPhaseEnd,
    done,
    stop: () => stop('STOPPED'),
  };
}

/** Runs a build to the end (see `startBuild`). */
export function runBuild(options: RunBuildOptions): Promise<BuildResult> {
  return startBuild(options).done;
}
