/** Tag keys every Slipway-created resource carries; teardown finds resources by them. */
export const SLIPWAY_TAG_KEYS = {
  /** `<namespace>/<name>` of the catalog component; older resources carry the bare name. */
  component: 'slipway:component',
  owner: 'slipway:owner',
  managedBy: 'slipway:managed-by',
  environment: 'slipway:environment',
  /** The scaffolder task that created the resource: a failed run removes only what it created. */
  createdByTask: 'slipway:created-by-task',
} as const;

export const MANAGED_BY = 'backstage';

/**
 * On an ECS service: the URL it answers on behind the environment's load
 * balancer. The backend plugin reads it for the entity page's ECS card.
 */
export const SERVICE_URL_TAG = 'slipway:url';

/** Who a resource belongs to. */
export interface TagSubject {
  /** `<namespace>/<name>`, see {@link componentRef}. */
  component: string;
  owner: string;
  /** Set for resources that belong to one environment (services, roles…). */
  environment?: string;
  /** The scaffolder task creating the resource. */
  taskId?: string;
  /** `slipway.tags` from config; the `slipway:*` tags win over these. */
  extraTags?: Record<string, string>;
}

/** Tags as a plain map: CloudWatch Logs, and the input of the shapes below. */
export type TagMap = Record<string, string>;

/** The value of the component tag: the catalog namespace and the name, so namespaces never collide. */
export function componentRef(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

export function slipwayTags(subject: TagSubject): TagMap {
  return {
    ...subject.extraTags,
    [SLIPWAY_TAG_KEYS.component]: subject.component,
    [SLIPWAY_TAG_KEYS.owner]: subject.owner,
    [SLIPWAY_TAG_KEYS.managedBy]: MANAGED_BY,
    ...(subject.environment && {
      [SLIPWAY_TAG_KEYS.environment]: subject.environment,
    }),
    ...(subject.taskId && {
      [SLIPWAY_TAG_KEYS.createdByTask]: subject.taskId,
    }),
  };
}

/** Whom a resource must belong to for Slipway to change or delete it. */
export interface Ownership {
  /** `<namespace>/<name>` */
  component: string;
  owner: string;
}

/**
 * The component tag values that name `ref`: the namespaced one, and for the
 * default namespace the bare name that resources created before namespaces carry.
 */
export function componentTagValues(ref: string): string[] {
  const [namespace, name] = ref.split('/');
  return namespace === 'default' && name ? [ref, name] : [ref];
}

/**
 * Why the tags do not make a resource Slipway's for this component and owner
 * (empty when they do): all of component, owner and managed-by must match.
 */
export function ownershipProblems(tags: TagMap, subject: Ownership): string[] {
  const problems: string[] = [];
  const component = tags[SLIPWAY_TAG_KEYS.component];
  if (!component) {
    problems.push(`it is not tagged ${SLIPWAY_TAG_KEYS.component}`);
  } else if (!componentTagValues(subject.component).includes(component)) {
    problems.push(
      `it belongs to the component '${component}' (tag ${SLIPWAY_TAG_KEYS.component})`,
    );
  }
  const owner = tags[SLIPWAY_TAG_KEYS.owner];
  if (owner !== subject.owner) {
    problems.push(
      owner
        ? `it is owned by '${owner}' (tag ${SLIPWAY_TAG_KEYS.owner})`
        : `it is not tagged ${SLIPWAY_TAG_KEYS.owner}`,
    );
  }
  if (tags[SLIPWAY_TAG_KEYS.managedBy] !== MANAGED_BY) {
    problems.push(
      `it is not tagged ${SLIPWAY_TAG_KEYS.managedBy}=${MANAGED_BY}`,
    );
  }
  return problems;
}

/** `{ Key, Value }[]`: ECR, IAM, Elastic Load Balancing v2, CodeDeploy, SNS, EventBridge, CloudWatch. */
export function asKeyValueTags(tags: TagMap): { Key: string; Value: string }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/** `{ key, value }[]` in lower case: ECS, CodeBuild, CodePipeline. */
export function asLowerCaseKeyValueTags(
  tags: TagMap,
): { key: string; value: string }[] {
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}

/** `{ TagKey, TagValue }[]`: KMS. */
export function asKmsTags(
  tags: TagMap,
): { TagKey: string; TagValue: string }[] {
  return Object.entries(tags).map(([TagKey, TagValue]) => ({
    TagKey,
    TagValue,
  }));
}

/** Reads KMS's `{ TagKey, TagValue }[]` back into a map. */
export function fromKmsTags(
  tags: { TagKey?: string; TagValue?: string }[] | undefined,
): TagMap {
  return fromKeyValueTags(
    tags?.map(({ TagKey, TagValue }) => ({ Key: TagKey, Value: TagValue })),
  );
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
