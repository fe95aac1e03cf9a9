import { Flex, Skeleton } from '@backstage/ui';

/** Placeholder shaped like a status line and a stage flow, so the first answer does not jump. */
export function LoadingSkeleton(props: { label: string; rows?: number }) {
  return (
    <Flex
      direction="column"
      gap="2"
      role="progressbar"
      aria-label={props.label}
      aria-busy="true"
    >
      <Skeleton width="60%" height={16} />
      <Skeleton height={56} />
      {Array.from({ length: props.rows ?? 1 }, (_, i) => (
        <Skeleton key={i} height={16} />
      ))}
    </Flex>
  );
}
