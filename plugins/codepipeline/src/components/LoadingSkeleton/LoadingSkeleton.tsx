import Skeleton from '@material-ui/lab/Skeleton';

/** Placeholder shaped like a status line and a stage flow, so the first answer does not jump. */
export function LoadingSkeleton(props: { label: string; rows?: number }) {
  return (
    <div role="progressbar" aria-label={props.label} aria-busy="true">
      <Skeleton variant="text" width="60%" />
      <Skeleton variant="rect" height={56} />
      {Array.from({ length: props.rows ?? 1 }, (_, i) => (
        <Skeleton key={i} variant="text" />
      ))}
    </div>
  );
}
