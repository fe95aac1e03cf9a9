import { spawn } from 'node:child_process';
import path from 'node:path';
import { DescribeClustersCommand, ECSClient } from '@aws-sdk/client-ecs';
import { upstreamCall } from '../server/upstream';
import { startLocalWorld, type LocalWorldPart } from './startLocalWorld';

jest.setTimeout(120_000);

const answers = async (url: string) => {
  try {
    const response = await fetch(`${url}/moto-api/data.json`);
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
};

describe('startLocalWorld', () => {
  it('serves moto, the platform and the parts on 127.0.0.1, and close stops moto', async () => {
    const seen: string[] = [];
    const part: LocalWorldPart = ctx => ({
      interceptors: [
        {
          targets: ['Example_20200101.Hello'],
          async answer(call) {
            return {
              status: 200,
              json: { hello: call.input.name, from: ctx.endpoint },
            };
          },
        },
      ],
      routes: [
        {
          prefix: '/part/',
          handle(req, res) {
            seen.push(req.url ?? '');
            res.end(`moto is at ${ctx.motoEndpoint}`);
          },
        },
      ],
    });
    const world = await startLocalWorld({
      parts: [part],
      platform: { dev: 'payments', prod: 'payments-prod' },
    });
    try {
      expect(world.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(world.motoEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(world.env).toEqual({
        AWS_ENDPOINT_URL: world.endpoint,
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        AWS_REGION: 'us-east-1',
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_MAX_ATTEMPTS: '1',
      });

      const hello = await upstreamCall(
        world.endpoint,
        'us-east-1',
        'Example_20200101.Hello',
        { name: 'part' },
      );
      expect(hello).toEqual({
        status: 200,
        json: { hello: 'part', from: world.endpoint },
      });
      const routed = await fetch(`${world.endpoint}/part/x`);
      expect(await routed.text()).toBe(`moto is at ${world.motoEndpoint}`);
      expect(seen).toEqual(['/part/x']);

      expect(world.platform?.environments.prod).toMatchObject({
        cluster: 'payments-prod',
        productionListenerArn: expect.stringContaining(
          ':listener/app/platform-prod/',
        ),
      });
      const ecs = new ECSClient({
        endpoint: world.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
      });
      const { clusters = [] } = await ecs.send(
        new DescribeClustersCommand({
          clusters: ['payments', 'payments-prod'],
        }),
      );
      expect(clusters.map(c => c.status)).toEqual(['ACTIVE', 'ACTIVE']);
    } finally {
      await world.close();
    }
    expect(await answers(world.motoEndpoint)).toBe(false);
  });

  it('the CLI prints its endpoints and stops moto on SIGTERM', async () => {
    const cli = spawn(
      process.execPath,
      [
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        path.join(__dirname, '..', 'cli.ts'),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      cli.stdout!.on('data', chunk => {
        out += String(chunk);
        if (out.includes('\n')) resolve(out.split('\n')[0]);
      });
      cli.once('exit', code => reject(new Error(`CLI exited with ${code}`)));
    });
    const { endpoint, motoEndpoint } = JSON.parse(line);
    expect(await answers(endpoint)).toBe(true);
    const exited = new Promise(resolve => cli.once('exit', resolve));
    cli.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(await answers(motoEndpoint)).toBe(false);
  });
});
