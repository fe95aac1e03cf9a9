import { InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  CODEPIPELINE_ARN_ANNOTATION,
  CODEPIPELINE_TAGS_ANNOTATION,
  ECS_SERVICE_ARN_ANNOTATION,
  ECS_SERVICE_TAGS_ANNOTATION,
  splitAnnotationList,
} from '@slipway/plugin-codepipeline-common';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import { AwsConnectionPanel } from '../AwsConnectionPanel';

const LABELS: Record<string, string> = {
  [CODEPIPELINE_ARN_ANNOTATION]: 'Pipeline',
  [CODEPIPELINE_TAGS_ANNOTATION]: 'Pipelines tagged',
  [ECS_SERVICE_ARN_ANNOTATION]: 'ECS service',
  [ECS_SERVICE_TAGS_ANNOTATION]: 'ECS services tagged',
};

/** The AWS resources this entity's annotations name, and whether AWS is reachable. */
export function AnnotatedResourcesCard(props: { title?: string }) {
  const { entity } = useEntity();
  const annotations = entity.metadata.annotations ?? {};
  const items = Object.keys(LABELS).flatMap(annotation =>
    splitAnnotationList(annotations[annotation]).map(value => ({
      annotation,
      value,
    })),
  );

  return (
    <InfoCard title={props.title ?? 'AWS delivery (Slipway)'}>
      <AwsConnectionPanel />
      <List dense aria-label="Annotated AWS resources">
        {items.map(item => (
          <ListItem key={`${item.annotation}:${item.value}`}>
            <ListItemText
              primary={item.value}
              secondary={LABELS[item.annotation]}
            />
          </ListItem>
        ))}
      </List>
    </InfoCard>
  );
}
