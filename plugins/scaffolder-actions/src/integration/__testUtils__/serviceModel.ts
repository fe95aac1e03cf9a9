import { execFile } from 'node:child_process';
import path from 'node:path';

/**
 * Every AWS request the actions send in the integration tests, checked
 * against botocore's service models (serviceModel.py): an unknown key, a
 * wrong type, a missing required member or a value outside the model's enum
 * fails the test that sent it, whatever moto accepts. The SDK for
 * JavaScript would silently drop an unknown key on the wire, so the check
 * reads the input the action gave the client, not the serialized request.
 */

export interface AwsRequest {
  /** `ECS.CreateService`: the client's name minus `Client`, the command's minus `Command`. */
  call: string;
  input: unknown;
}

export interface ServiceModelReport {
  valid: number;
  /** The distinct calls that were valid. */
  operations: string[];
  invalid: { index: number; call: string; errors: string[] }[];
}

const SCRIPT = path.resolve(__dirname, 'serviceModel.py');

/**
 * The input as JSON for serviceModel.py: Date → {$timestamp}, bytes →
 * {$blob}, null and undefined members dropped (the SDK does not send them).
 */
export function encodeInput(value: unknown): unknown {
  if (value instanceof Date) return { $timestamp: value.toISOString() };
  if (value instanceof Uint8Array)
    return { $blob: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) return value.map(encodeInput);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined && v !== null)
        .map(([k, v]) => [k, encodeInput(v)]),
    );
  }
  return value;
}

/** Validates requests with botocore (python3, no network). */
export function validateAgainstServiceModel(
  requests: AwsRequest[],
): Promise<ServiceModelReport> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'python3',
      [SCRIPT],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`serviceModel.py failed: ${stderr || error}`));
          return;
        }
        try {
          resolve(JSON.parse(stdout) as ServiceModelReport);
        } catch (parseError) {
          reject(parseError);
        }
      },
    );
    child.stdin!.end(
      JSON.stringify(
        requests.map(r => ({ call: r.call, input: encodeInput(r.input) })),
      ),
    );
  });
}

/** The requests of the current test file (each Jest test file has its own module registry). */
const recorded: AwsRequest[] = [];
let checked = 0;
const totals = { valid: 0, operations: new Set<string>() };

/** Called by the FaultInjector's middleware for every request of an instrumented client. */
export function recordRequest(call: string, input: unknown): void {
  // Encoded now: what the action sent, even if something mutates the object later.
  recorded.push({ call, input: encodeInput(input) });
}

/** Validates what was recorded since the last check; throws naming every invalid request. */
export async function checkRecordedRequests(): Promise<ServiceModelReport> {
  const batch = recorded.slice(checked);
  checked = recorded.length;
  if (!batch.length) return { valid: 0, operations: [], invalid: [] };
  const report = await validateAgainstServiceModel(batch);
  totals.valid += report.valid;
  report.operations.forEach(o => totals.operations.add(o));
  if (report.invalid.length) {
    throw new Error(
      `${report.invalid.length} of ${
        batch.length
      } AWS request(s) do not match the AWS service model (botocore):\n${report.invalid
        .map(
          i =>
            `- ${i.call} ${JSON.stringify(batch[i.index].input).slice(
              0,
              400,
            )}\n    ${i.errors.join('\n    ')}`,
        )
        .join('\n')}`,
    );
  }
  return report;
}

let installed = false;

/**
 * Registers, once per test file, an afterEach that fails the test whose
 * actions sent a request the service model rejects, and an afterAll that
 * prints the file's figure. world.ts calls it, so every suite using World is
 * covered.
 */
export function checkRequestsAgainstServiceModel(): void {
  if (installed) return;
  installed = true;
  afterEach(async () => {
    await checkRecordedRequests();
  });
  afterAll(() => {
    const suite = path.basename(expect.getState().testPath ?? 'suite');
    // One figure line per suite for the issue's report.
    // eslint-disable-next-line no-console
    console.log(
      `service-model validation (${suite}): ${totals.valid} requests of ${
        totals.operations.size
      } operations valid, ${recorded.length - totals.valid} invalid`,
    );
  });
}
