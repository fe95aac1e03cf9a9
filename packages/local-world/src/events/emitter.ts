/**
 * Sends the local world's EventBridge events into moto with PutEvents, in
 * the account and region of the resource that changed, so moto's rules
 * deliver them to their targets (the portal's SQS queue) as AWS's would.
 * Best effort and asynchronous: emitting never waits and never throws; a
 * failed PutEvents is logged.
 */
import type { Place } from '../server/accounts';
import { upstreamCall } from '../server/upstream';

/** One event, as an AWS service would put it on its account's default bus. */
export interface AwsEvent {
  /** Where the resource lives: the bus of this account and region gets the event. */
  place: Place;
  source: string;
  detailType: string;
  resources: string[];
  detail: Record<string, unknown>;
  time: Date;
}

export interface EventSink {
  emit(event: AwsEvent): void;
}

export interface EventEmitterOptions {
  /** moto_server's URL. */
  upstream: string;
  /** Where a failed PutEvents is reported; default console.warn. */
  log?: (message: string) => void;
}

/** PutEvents takes at most 10 entries. */
const MAX_ENTRIES = 10;

const placeKey = (place: Place) => `${place.accountId}|${place.region}`;

export class EventEmitter implements EventSink {
  private pending: AwsEvent[] = [];
  private scheduled = false;
  private tail: Promise<void> = Promise.resolve();
  private readonly log: (message: string) => void;

  constructor(private readonly options: EventEmitterOptions) {
    this.log =
      options.log ??
      (message => console.warn(`local world events: ${message}`));
  }

  /** Queues the event; the queue is sent once the current work yields. */
  emit(event: AwsEvent): void {
    this.pending.push(event);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const events = this.pending;
      this.pending = [];
      this.tail = this.tail.then(() => this.send(events));
    });
  }

  /** Settles once every event emitted so far was sent (or failed). */
  async flushed(): Promise<void> {
    while (this.scheduled || this.pending.length) {
      await new Promise(resolve => setImmediate(resolve));
    }
    await this.tail;
  }

  /** In order, per account and region, ≤10 entries a call. */
  private async send(events: AwsEvent[]): Promise<void> {
    const byPlace = new Map<string, AwsEvent[]>();
    for (const event of events) {
      const key = placeKey(event.place);
      byPlace.set(key, [...(byPlace.get(key) ?? []), event]);
    }
    for (const group of byPlace.values()) {
      for (let i = 0; i < group.length; i += MAX_ENTRIES) {
        await this.put(group.slice(i, i + MAX_ENTRIES));
      }
    }
  }

  private async put(batch: AwsEvent[]): Promise<void> {
    const place = batch[0].place;
    try {
      const { status, json } = await upstreamCall(
        this.options.upstream,
        place,
        'AWSEvents.PutEvents',
        {
          Entries: batch.map(event => ({
            Source: event.source,
            DetailType: event.detailType,
            Resources: event.resources,
            Detail: JSON.stringify(event.detail),
            Time: event.time.getTime() / 1000,
          })),
        },
        'events',
      );
      if (status !== 200) {
        throw new Error(`HTTP ${status} ${json.message ?? json.Message ?? ''}`);
      }
      if (json.FailedEntryCount) {
        const failed = (json.Entries ?? []).find(
          (entry: { ErrorCode?: string }) => entry.ErrorCode,
        );
        throw new Error(
          `${json.FailedEntryCount} entries failed: ${failed?.ErrorCode} ${failed?.ErrorMessage}`,
        );
      }
    } catch (error) {
      this.log(
        `PutEvents of ${batch.length} events (${batch
          .map(event => event.detailType)
          .join(', ')}) in account ${place.accountId}, ${
          place.region
        } failed: ${(error as Error).message}`,
      );
    }
  }
}
