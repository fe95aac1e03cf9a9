/** The parts of an Amazon Resource Name that Slipway routes on. */
export interface ParsedArn {
  arn: string;
  partition: string;
  service: string;
  region: string;
  accountId: string;
  /** Everything after the account, e.g. `service/my-cluster/my-service`. */
  resource: string;
}

const ARN_PATTERN =
  /^arn:(aws|aws-cn|aws-us-gov):([a-z0-9-]+):([a-z]{2}(?:-[a-z]+)+-\d):(\d{12}):([A-Za-z0-9_\-/.:@+=,]{1,1024})$/;

/** Parses an ARN, or returns undefined when it is not a well-formed regional ARN. */
export function parseArn(value: string): ParsedArn | undefined {
  const match = ARN_PATTERN.exec(value.trim());
  if (!match) {
    return undefined;
  }
  const [arn, partition, service, region, accountId, resource] = match;
  return { arn, partition, service, region, accountId, resource };
}

/** Splits a comma-separated annotation value into trimmed, non-empty, unique items. */
export function splitAnnotationList(value: string | undefined): string[] {
  if (!value) {
    return [];
  }
  return [
    ...new Set(
      value
        .split(',')
        .map(item => item.trim())
        .filter(Boolean),
    ),
  ];
}

/** A `key=value` pair from a tag annotation. */
export interface TagFilter {
  key: string;
  value: string;
}

const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

/**
 * Parses `key=value,key2=value2`; returns undefined if any pair is malformed
 * (no `=`, empty key, or characters AWS tags do not allow).
 */
export function parseTagAnnotation(value: string): TagFilter[] | undefined {
  const pairs = splitAnnotationList(value);
  if (pairs.length === 0) {
    return undefined;
  }
  const tags: TagFilter[] = [];
  for (const pair of pairs) {
    const separator = pair.indexOf('=');
    if (separator <= 0) {
      return undefined;
    }
    const key = pair.slice(0, separator).trim();
    const tagValue = pair.slice(separator + 1).trim();
    if (!TAG_TEXT.test(key) || key.length > 128 || !TAG_VALUE.test(tagValue)) {
      return undefined;
    }
    tags.push({ key, value: tagValue });
  }
  return tags;
}

/** The AWS console host for a partition. */
export function consoleHost(partition: string): string {
  switch (partition) {
    case 'aws-cn':
      return 'console.amazonaws.cn';
    case 'aws-us-gov':
      return 'console.amazonaws-us-gov.com';
    default:
      return 'console.aws.amazon.com';
  }
}

const COMMIT_ID = /^[0-9a-f]{40}$/i;

/** A full 40-character git commit id. */
export function isCommitId(value: string | undefined): boolean {
  return COMMIT_ID.test(value ?? '');
}

/** The 7-character form of a git commit id; undefined for any other revision id. */
export function shortCommitId(
  revisionId: string | undefined,
): string | undefined {
  return isCommitId(revisionId) ? revisionId!.slice(0, 7) : undefined;
}
