import type { CSSProperties, ReactNode } from 'react';

// Backstage UI's VisuallyHidden is a <div>, which may not sit inside a link
// or a paragraph.
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
 * Words for screen readers only, inline (a `<span>`). Use it where a name
 * would otherwise go into an `aria-label` on an element without a role,
 * which assistive technology ignores.
 */
export function ScreenReaderText(props: { children: ReactNode }) {
  return <span style={visuallyHidden}>{props.children}</span>;
}
