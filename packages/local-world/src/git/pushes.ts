import { fullRepositoryId, type RepositoryName } from './names';
import type { GitRepositories } from './repositories';

/** A branch or tag that a push created or moved. */
export interface PushEvent {
  repository: RepositoryName;
  /** `owner/repo`. */
  fullRepositoryId: string;
  /** e.g. `refs/heads/main`. */
  ref: string;
  /** The branch name for `refs/heads/*`, else undefined (a tag). */
  branch?: string;
  /** The commit before the push; undefined for a new branch. */
  before?: string;
  /** The commit the ref points at now. */
  after: string;
}

/** Refs a push created or moved (deleted ones start nothing). */
export function changedRefs(
  name: RepositoryName,
  before: Map<string, string>,
  after: Map<string, string>,
): PushEvent[] {
  const events: PushEvent[] = [];
  for (const [ref, id] of after) {
    if (before.get(ref) === id) continue;
    events.push({
      repository: name,
      fullRepositoryId: fullRepositoryId(name),
      ref,
      branch: ref.startsWith('refs/heads/')
        ? ref.slice('refs/heads/'.length)
        : undefined,
      before: before.get(ref),
      after: id,
    });
  }
  return events;
}

/**
 * Receives pushes: one at a time per repository, so that the refs read
 * before and after a receive-pack request are that push's own.
 */
export class PushReceiver {
  private readonly locks = new Map<string, Promise<void>>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly repositories: GitRepositories) {}

  /** Runs `serve` (the receive-pack request), then reports the refs it changed. */
  async receive(
    name: RepositoryName,
    serve: () => Promise<void>,
    onPushed: (events: PushEvent[]) => void,
  ): Promise<void> {
    const push = this.serialized(name, async () => {
      const before = await this.repositories.refs(name);
      await serve();
      const after = await this.repositories.refs(name);
      const events = changedRefs(name, before, after);
      if (events.length) onPushed(events);
    });
    this.inFlight.add(push);
    try {
      await push;
    } finally {
      this.inFlight.delete(push);
    }
  }

  /** Resolves once the pushes being received now have been received and reported. */
  async received(): Promise<void> {
    while (this.inFlight.size) {
      await Promise.allSettled([...this.inFlight]);
    }
  }

  private async serialized(name: RepositoryName, work: () => Promise<void>) {
    const key = fullRepositoryId(name);
    const previous = this.locks.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>(resolve => (release = resolve));
    const chained = previous.then(() => current);
    this.locks.set(key, chained);
    await previous;
    try {
      await work();
    } finally {
      release();
      if (this.locks.get(key) === chained) this.locks.delete(key);
    }
  }
}
