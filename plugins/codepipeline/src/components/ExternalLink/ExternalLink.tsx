import { Link } from '@backstage/ui';
import type { ReactNode } from 'react';
import { ScreenReaderText } from '../ScreenReaderText';
import styles from './ExternalLink.module.css';

/**
 * A link out of Backstage (AWS console, commit, build log): underlined, opens
 * in a new tab, without giving that tab a handle on this one, and says so to
 * screen readers.
 */
export function ExternalLink(props: { href: string; children: ReactNode }) {
  return (
    <Link
      href={props.href}
      target="_blank"
      rel="noopener noreferrer"
      className={styles.underlined}
    >
      {props.children}
      <ScreenReaderText> (opens in a new tab)</ScreenReaderText>
    </Link>
  );
}
