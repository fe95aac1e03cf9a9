import { Link } from '@backstage/ui';
import { makeStyles } from '@material-ui/core/styles';
import type { ReactNode } from 'react';
import { ScreenReaderText } from '../ScreenReaderText';

const useStyles = makeStyles(
  {
    // Backstage's baseline styles every `a` without an underline, and they win
    // over Backstage UI's layered link styles: without this, a link inside a
    // line of text is told apart by its colour alone.
    link: {
      textDecorationLine: 'underline',
      textUnderlineOffset: '0.15em',
    },
  },
  { name: 'SlipwayExternalLink' },
);

/**
 * A link out of Backstage (AWS console, commit, build log): underlined, opens
 * in a new tab, without giving that tab a handle on this one, and says so to
 * screen readers.
 */
export function ExternalLink(props: { href: string; children: ReactNode }) {
  const classes = useStyles();
  return (
    <Link
      href={props.href}
      target="_blank"
      rel="noopener noreferrer"
      className={classes.link}
    >
      {props.children}
      <ScreenReaderText> (opens in a new tab)</ScreenReaderText>
    </Link>
  );
}
