import {
  BatchGetProjectsCommand,
  CodeBuildClient,
  ComputeType,
  CreateProjectCommand,
  DeleteProjectCommand,
  Project,
} from '@aws-sdk/client-codebuild';
import type { AwsTarget } from './clients';
import { withAwsErrors } from './errors';
import { retryWhileRolePropagates } from './retry';
import { asLowerCaseKeyValueTags, TagMap } from './tags';

/** The settings of a pipeline build project that Slipway sets and compares. */
export interface BuildProjectSettings {
  name: string;
  description: string;
  serviceRoleArn: string;
  image: string;
  computeType: ComputeType;
  privilegedMode: boolean;
  buildspec: string;
  timeoutInMinutes: number;
  logGroupName: string;
  environmentVariables: Record<string, string>;
}

export interface BuildProject
  extends Omit<BuildProjectSettings, 'description' | 'timeoutInMinutes'> {
  arn: string;
  sourceType: string;
  tags: TagMap;
}

function toBuildProject(project: Project): BuildProject {
  return {
    name: project.name ?? '',
    arn: project.arn ?? '',
    serviceRoleArn: project.serviceRole ?? '',
    image: project.environment?.image ?? '',
    computeType: project.environment?.computeType ?? 'BUILD_GENERAL1_SMALL',
    privilegedMode: project.environment?.privilegedMode ?? false,
    buildspec: project.source?.buildspec ?? '',
    sourceType: project.source?.type ?? '',
    logGroupName: project.logsConfig?.cloudWatchLogs?.groupName ?? '',
    environmentVariables: Object.fromEntries(
      (project.environment?.environmentVariables ?? []).map(v => [
        v.name ?? '',
        v.value ?? '',
      ]),
    ),
    tags: Object.fromEntries(
      (project.tags ?? []).map(t => [t.key ?? '', t.value ?? '']),
    ),
  };
}

/** CodeBuild projects of one account and region. */
export class CodeBuildProjects {
  constructor(
    private readonly codebuild: CodeBuildClient,
    private readonly target: AwsTarget,
  ) {}

  async find(name: string): Promise<BuildProject | undefined> {
    return this.call(`look up the CodeBuild project '${name}'`, async () => {
      const { projects } = await this.codebuild.send(
        new BatchGetProjectsCommand({ names: [name] }),
      );
      return projects?.length ? toBuildProject(projects[0]) : undefined;
    });
  }

  /** A project whose source and artifacts come from and go to CodePipeline. */
  async create(settings: BuildProjectSettings, tags: TagMap): Promise<string> {
    return this.call(
      `create the CodeBuild project '${settings.name}'`,
      async () => {
        const { project } = await retryWhileRolePropagates(() =>
          this.codebuild.send(
            new CreateProjectCommand({
              name: settings.name,
              description: settings.description,
              source: { type: 'CODEPIPELINE', buildspec: settings.buildspec },
              artifacts: { type: 'CODEPIPELINE' },
              environment: {
                type: 'LINUX_CONTAINER',
                image: settings.image,
                computeType: settings.computeType,
                privilegedMode: settings.privilegedMode,
                environmentVariables: Object.entries(
                  settings.environmentVariables,
                ).map(([name, value]) => ({ name, value, type: 'PLAINTEXT' })),
              },
              serviceRole: settings.serviceRoleArn,
              timeoutInMinutes: settings.timeoutInMinutes,
              logsConfig: {
                cloudWatchLogs: {
                  status: 'ENABLED',
                  groupName: settings.logGroupName,
                },
              },
              tags: asLowerCaseKeyValueTags(tags),
            }),
          ),
        );
        return project?.arn ?? '';
      },
    );
  }

  async delete(name: string): Promise<void> {
    await this.call(`delete the CodeBuild project '${name}'`, () =>
      this.codebuild.send(new DeleteProjectCommand({ name })),
    );
  }

  private call<T>(doing: string, fn: () => Promise<T>): Promise<T> {
    return withAwsErrors({ doing, target: this.target }, fn);
  }
}
