import type { ActionDeclaration } from '@aws-sdk/client-codepipeline';
import type { Execution } from './model';

const REFERENCE = /#\{([A-Za-z0-9@\-_]+)\.([A-Za-z0-9@\-_.]+)\}/g;

/**
 * The action's configuration with `#{Namespace.Variable}`, `#{variables.name}`
 * and `#{codepipeline.PipelineExecutionId}` resolved, as AWS resolves them
 * when the action starts. Unknown references are left as written.
 */
export function resolveConfiguration(
  action: ActionDeclaration,
  execution: Pick<Execution, 'id' | 'variables' | 'namespaces'>,
): Record<string, string> {
  const scopes: Record<string, Record<string, string>> = {
    ...execution.namespaces,
    variables: execution.variables,
    codepipeline: { PipelineExecutionId: execution.id },
  };
  return Object.fromEntries(
    Object.entries(action.configuration ?? {}).map(([key, value]) => [
      key,
      value.replace(
        REFERENCE,
        (reference, scope: string, name: string) =>
          scopes[scope]?.[name] ?? reference,
      ),
    ]),
  );
}
