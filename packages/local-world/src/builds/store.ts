import type { BuildHandle, BuildResult } from './runner';

/**
 * The builds the local world has run, for BatchGetBuilds. Builds are kept in
 * memory for the life of the process, in every region at once (build ids are
 * unique), as many as were started.
 */
export class BuildStore {
  private readonly handles = new Map<string, BuildHandle>();
  private readonly numbers = new Map<string, number>();

  /** `onAdd`: told of each build started (the local world's EventBridge events). */
  constructor(private readonly onAdd?: (handle: BuildHandle) => void) {}

  /** Remembers a started build. */
  add(handle: BuildHandle): void {
    this.handles.set(handle.id, handle);
    this.onAdd?.(handle);
  }

  /** The next build number of a project (1, 2, …), as CodeBuild counts them. */
  nextBuildNumber(projectName: string): number {
    const next = (this.numbers.get(projectName) ?? 0) + 1;
    this.numbers.set(projectName, next);
    return next;
  }

  /** The build as BatchGetBuilds shows it now. */
  get(id: string): BuildResult | undefined {
    return this.handles.get(id)?.snapshot();
  }

  /** BatchGetBuilds: the known builds in the order asked, and the ids of the others. */
  batchGet(ids: string[]): { builds: BuildResult[]; buildsNotFound: string[] } {
    const builds: BuildResult[] = [];
    const buildsNotFound: string[] = [];
    for (const id of ids) {
      const build = this.get(id);
      if (build) builds.push(build);
      else buildsNotFound.push(id);
    }
    return { builds, buildsNotFound };
  }
}
