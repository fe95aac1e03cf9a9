import { Container, Flex, Text } from '@backstage/ui';
import type { ReactNode } from 'react';

/** A dev-app page: a title, an optional subtitle, then the content. */
export function DevPage(props: {
  title: string;
  subtitle?: string;
  children: ReactNode;
}) {
  return (
    <Container py="6">
      <Flex direction="column" gap="1" mb="6">
        <Text as="h1" variant="title-medium" weight="bold">
          {props.title}
        </Text>
        {props.subtitle && <Text color="secondary">{props.subtitle}</Text>}
      </Flex>
      {props.children}
    </Container>
  );
}
