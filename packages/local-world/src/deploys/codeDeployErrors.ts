import type { AwsAnswer } from '../server/interceptors';

/** A CodeDeploy error as the API sends it: `__type` and message, HTTP 400. */
export class CodeDeployError extends Error {
  constructor(readonly type: string, message: string) {
    super(message);
    this.name = type;
  }

  toAnswer(): AwsAnswer {
    return { status: 400, json: { __type: this.type, message: this.message } };
  }
}
