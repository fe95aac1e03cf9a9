import {
  CodePipelineClient,
  GetPipelineStateCommand,
} from '@aws-sdk/client-codepipeline';
import { mockClient } from 'aws-sdk-client-mock';
import { getPipelineState, toActionExecutionSnapshot } from './codePipeline';

const CODESTAR_SUMMARY = JSON.stringify({
  ProviderType: 'GitHub',
  CommitMessage: 'Fix the health check',
});

describe('Source action summaries', () => {
  it('shows the commit message of a CodeStar connection source, not its JSON', () => {
    const snapshot = toActionExecutionSnapshot({
      stageName: 'Source',
      actionName: 'Source',
      output: {
        executionResult: { externalExecutionSummary: CODESTAR_SUMMARY },
      },
    });
    expect(snapshot.summary).toBe('Fix the health check');
  });

  it('keeps plain-text summaries, and JSON without a commit message, as they are', () => {
    const summaries = ['Build succeeded', '{not json', '{"ProviderType":"S3"}'];
    expect(
      summaries.map(
        summary =>
          toActionExecutionSnapshot({
            output: { executionResult: { externalExecutionSummary: summary } },
          }).summary,
      ),
    ).toEqual(summaries);
  });

  it('shows the commit message in the pipeline state too', async () => {
    const aws = mockClient(CodePipelineClient);
    aws.on(GetPipelineStateCommand).resolves({
      stageStates: [
        {
          stageName: 'Source',
          actionStates: [
            {
              actionName: 'Source',
              latestExecution: {
                status: 'Succeeded',
                summary: CODESTAR_SUMMARY,
              },
            },
          ],
        },
      ],
    });
    const [source] = await getPipelineState(
      new CodePipelineClient({ region: 'us-east-1' }),
      'orders-api',
    );
    expect(source.actions[0].summary).toBe('Fix the health check');
    aws.restore();
  });
});
