import { createHash } from 'node:crypto';
import { parse as parseYaml } from 'yaml';

/** The appspec's TaskDefinition (YAML or JSON; the first resource). */
export function appSpecTaskDefinition(
  revision: Record<string, any>,
): string | undefined {
  const content: string | undefined =
    revision.appSpecContent?.content ?? revision.string?.content;
  if (!content) return undefined;
  try {
    const spec = parseYaml(content);
    const resource = spec?.Resources?.[0];
    const service = resource && Object.values(resource)[0];
    return (service as any)?.Properties?.TaskDefinition;
  } catch {
    return undefined;
  }
}

/** The revision as GetDeployment shows it: its content's SHA-256 added. */
export function withSha256(revision: Record<string, any>): Record<string, any> {
  const key = ['appSpecContent', 'string'].find(k => revision[k]);
  if (!key) return revision;
  const content = String(revision[key].content ?? '');
  return {
    ...revision,
    [key]: {
      content,
      sha256: createHash('sha256').update(content).digest('hex'),
    },
  };
}
