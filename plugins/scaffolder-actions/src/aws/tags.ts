/** Tag keys every Slipway-created resource carries; teardown finds resources by them. */
export const SLIPWAY_TAG_KEYS = {
  component: 'slipway:component',
  owner: 'slipway:owner',
  managedBy: 'slipway:managed-by',
  environment: 'slipway:environment',
} as const;

/** Who a resource belongs to. */
export interface TagSubject {
  component: string;
  owner: string;
  /** Set for resources that belong to one environment (services, roles…). */
  environment?: string;
  /** `slipway.tags` from config; the `slipway:*` tags win over these. */
  extraTags?: Record<string, string>;
}

/** Tags as a plain map: CloudWatch Logs, and the input of the shapes below. */
export type TagMap = Record<string, string>;

export function slipwayTags(subject: TagSubject): TagMap {
  return {
    ...subject.extraTags,
    [SLIPWAY_TAG_KEYS.component]: subject.component,
    [SLIPWAY_TAG_KEYS.owner]: subject.owner,
    [SLIPWAY_TAG_KEYS.managedBy]: 'backstage',
    ...(subject.environment && {
      [SLIPWAY_TAG_KEYS.environment]: subject.environment,
    }),
  };
}

/** `{ Key, Value }[]`: ECR, IAM, Elastic Load Balancing v2, CodeDeploy. */
export function asKeyValueTags(tags: TagMap): { Key: string; Value: string }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/** `{ key, value }[]` in lower case: ECS, CodeBuild, CodePipeline. */
export function asLowerCaseKeyValueTags(
  tags: TagMap,
): { key: string; value: string }[] {
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}

/** Reads `{ Key, Value }[]` back into a map (missing keys or values are dropped). */
export function fromKeyValueTags(
  tags: { Key?: string; Value?: string }[] | undefined,
): TagMap {
  return Object.fromEntries(
    (tags ?? []).flatMap(({ Key, Value }) =>
      Key !== undefined ? [[Key, Value ?? '']] : [],
    ),
  );
}
