import { recordRequest } from './serviceModel';

/**
 * Records the AWS calls of the clients it is installed on and, when armed,
 * makes the n-th call fail before it is sent, the way an AWS 5xx would.
 * Installed as a middleware on the very clients the actions get from the
 * factory, so the actions' code runs unchanged.
 */
export class FaultInjector {
  /** `ECR.CreateRepository`, … since the last `arm`. */
  calls: string[] = [];
  /** Every request the instrumented clients sent (or were stopped from sending), with its input. */
  requests: { call: string; input: any }[] = [];
  private failAt: number | undefined;
  /** The call that was made to fail, if the armed fault fired. */
  fired: string | undefined;

  install(client: {
    middlewareStack: { add: (...args: any[]) => void };
  }): void {
    client.middlewareStack.add(
      (next: (args: unknown) => Promise<unknown>, context: any) =>
        async (args: unknown) => {
          const call = `${String(context.clientName).replace(
            /Client$/,
            '',
          )}.${String(context.commandName).replace(/Command$/, '')}`;
          const index = this.calls.push(call) - 1;
          const input = (args as { input: unknown }).input;
          this.requests.push({ call, input });
          recordRequest(call, input);
          if (index === this.failAt) {
            this.fired = call;
            throw Object.assign(
              new Error(`injected failure of ${call} (integration test)`),
              {
                name: 'InternalFailure',
                $fault: 'server',
                $metadata: { httpStatusCode: 500, requestId: 'injected' },
              },
            );
          }
          return next(args);
        },
      { step: 'initialize', name: 'slipwayFaultInjection', priority: 'high' },
    );
  }

  /** Starts counting calls again; `failAt` (0-based) makes that call fail. */
  arm(failAt?: number): void {
    this.calls = [];
    this.requests = [];
    this.failAt = failAt;
    this.fired = undefined;
  }
}
