import { EntityDeliveryTimeline, EntityDoraMetricsCard } from '../src';
import {
  backendError,
  docsSiteWithoutAnnotations,
  noHistoryYet,
  timelineHotfixThrottled,
  timelineResponse,
} from '../src/__fixtures__';
import { fail, Situation } from './Situation';

/** The delivery timeline and DORA card in every state. */
export function DeliverySituations() {
  return (
    <>
      <Situation title="DORA: window selector over 7/30/90 days (fixtures per window)">
        <EntityDoraMetricsCard />
      </Situation>
      <Situation
        title="DORA: no history yet"
        api={{ getDoraMetrics: async () => noHistoryYet }}
      >
        <EntityDoraMetricsCard />
      </Situation>
      <Situation
        title="DORA: loading"
        api={{ getDoraMetrics: () => new Promise(() => {}) }}
      >
        <EntityDoraMetricsCard />
      </Situation>
      <Situation
        title="DORA: backend unavailable"
        api={{ getDoraMetrics: fail(new TypeError('Failed to fetch')) }}
      >
        <EntityDoraMetricsCard />
      </Situation>
      <Situation title="Timeline: waiting for approval, rolled back, live">
        <EntityDeliveryTimeline />
      </Situation>
      <Situation
        title="Timeline: hotfix pipeline throttled"
        api={{ getTimeline: async () => timelineHotfixThrottled }}
      >
        <EntityDeliveryTimeline />
      </Situation>
      <Situation
        title="Timeline: no changes yet"
        api={{ getTimeline: async () => timelineResponse([]) }}
      >
        <EntityDeliveryTimeline />
      </Situation>
      <Situation
        title="Timeline: not permitted"
        api={{
          getTimeline: fail(
            backendError(
              403,
              'NotAllowedError',
              'Missing permission codepipeline.entity.read.',
            ),
          ),
        }}
      >
        <EntityDeliveryTimeline />
      </Situation>
      <Situation
        title="Timeline: loading"
        api={{ getTimeline: () => new Promise(() => {}) }}
      >
        <EntityDeliveryTimeline />
      </Situation>
      <Situation
        title="Timeline: missing annotation"
        entity={docsSiteWithoutAnnotations}
      >
        <EntityDeliveryTimeline />
      </Situation>
    </>
  );
}
