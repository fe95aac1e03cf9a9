import { spawn } from 'node:child_process';

/**
 * This process's environment without GIT_* variables (a GIT_DIR inherited
 * from a hook or a test runner would point every command at another
 * repository), and never prompting for credentials.
 */
export function gitEnvironment(
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('GIT_')) env[name] = value;
  }
  return { ...env, GIT_TERMINAL_PROMPT: '0', ...extra };
}

export class GitCommandError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`git ${args.join(' ')} failed (${exitCode}): ${stderr.trim()}`);
    this.name = 'GitCommandError';
  }
}

/** Runs git with arguments (never a shell); stdout as a Buffer. */
export function git(
  args: readonly string[],
  options: { cwd?: string; input?: Buffer | string } = {},
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd: options.cwd,
      env: gitEnvironment(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', chunk => out.push(chunk));
    child.stderr.on('data', chunk => err.push(chunk));
    child.on('error', reject);
    child.on('close', code => {
      if (code === 0) resolve(Buffer.concat(out));
      else
        reject(
          new GitCommandError(args, code, Buffer.concat(err).toString('utf8')),
        );
    });
    child.stdin.end(options.input);
  });
}
