import { Card, CardBody, CardHeader, Flex, Text } from '@backstage/ui';
import { ReactNode, useId } from 'react';
import readable from '../../readableText.module.css';

export interface SlipwayCardProps {
  /** The card's heading (an `h2`), which also names the card for assistive technology. */
  title: string;
  /** Shown at the end of the header, e.g. the refresh button. */
  action?: ReactNode;
  children: ReactNode;
}

/**
 * The frame of Slipway's entity cards, on Backstage UI: an `article` named by
 * its heading, with an optional action beside the heading.
 */
export function SlipwayCard(props: SlipwayCardProps) {
  const headingId = useId();
  return (
    <Card
      aria-labelledby={headingId}
      className={readable.readableSecondaryText}
    >
      <CardHeader>
        <Flex align="center" justify="between" gap="2">
          <Text as="h2" variant="title-x-small" weight="bold" id={headingId}>
            {props.title}
          </Text>
          {props.action}
        </Flex>
      </CardHeader>
      <CardBody>{props.children}</CardBody>
    </Card>
  );
}
