/**
 * A browser's side of Backstage signals, as @backstage/plugin-signals'
 * SignalClient speaks it: a WebSocket to the signals backend with the user's
 * token as the sub-protocol, then `{ action: 'subscribe', channel }` per
 * channel; the backend sends `{ channel, message }`.
 */
export interface SignalsBrowser {
  received: Array<{ channel: string; message: any; at: number }>;
  /** Resolves with the first message on the channel after `since`, or undefined after `timeoutMs`. */
  next(
    channel: string,
    since: number,
    timeoutMs: number,
  ): Promise<{ channel: string; message: any; at: number } | undefined>;
  close(): void;
}

/** The token mock auth (startTestBackend) accepts for a signed-in user. */
const MOCK_USER_TOKEN = 'mock-user-token';

export async function connectSignals(
  url: string,
  channels: string[],
): Promise<SignalsBrowser> {
  const ws = new WebSocket(url, MOCK_USER_TOKEN);
  await new Promise<void>((resolve, reject) => {
    ws.onopen = () => resolve();
    ws.onerror = () => reject(new Error(`WebSocket to ${url} failed`));
  });
  const received: SignalsBrowser['received'] = [];
  const waiters = new Set<() => void>();
  ws.onmessage = event => {
    const { channel, message } = JSON.parse(String(event.data));
    received.push({ channel, message, at: Date.now() });
    waiters.forEach(wake => wake());
  };
  for (const channel of channels) {
    ws.send(JSON.stringify({ action: 'subscribe', channel }));
  }
  // The backend handles messages in order: a round trip on the socket is not
  // available, so give the subscriptions a moment to land.
  await new Promise(resolve => setTimeout(resolve, 200));
  return {
    received,
    next(channel, since, timeoutMs) {
      const find = () =>
        received.find(r => r.channel === channel && r.at >= since);
      return new Promise(resolve => {
        const found = find();
        if (found) {
          resolve(found);
          return;
        }
        const pending: { timer?: ReturnType<typeof setTimeout> } = {};
        const wake = () => {
          const hit = find();
          if (hit) {
            clearTimeout(pending.timer);
            waiters.delete(wake);
            resolve(hit);
          }
        };
        pending.timer = setTimeout(() => {
          waiters.delete(wake);
          resolve(undefined);
        }, timeoutMs);
        waiters.add(wake);
      });
    },
    close: () => ws.close(),
  };
}
