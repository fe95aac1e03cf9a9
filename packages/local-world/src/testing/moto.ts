import { startMoto } from '../launcher/moto';

/** The launcher's moto_server (patched, see launcher/moto_server.py) on a free port of 127.0.0.1, once it answers. */
export async function startMotoServer(): Promise<{
  url: string;
  stop(): Promise<void>;
}> {
  const moto = await startMoto();
  return { url: moto.url, stop: moto.stop };
}
