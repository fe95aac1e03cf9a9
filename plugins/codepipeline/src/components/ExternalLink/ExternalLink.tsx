import { Link } from '@backstage/ui';
import type { CSSProperties, ReactNode } from 'react';

// Backstage UI's VisuallyHidden is a <div>, which may not sit inside a link
// that itself sits inside a paragraph.
const visuallyHidden: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  margin: -1,
  padding: 0,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
};

/**
 * A link out of Backstage (AWS console, commit, build log): opens in a new
 * tab, without giving that tab a handle on this one, and says so to screen
 * readers.
 */
export function ExternalLink(props: { href: string; children: ReactNode }) {
  return (
    <Link href={props.href} target="_blank" rel="noopener noreferrer">
      {props.children}
      <span style={visuallyHidden}> (opens in a new tab)</span>
    </Link>
  );
}
