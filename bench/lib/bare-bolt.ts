import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, ExpressReceiver, LogLevel } from '@slack/bolt';
import express from 'express';

export interface BareBoltOptions {
  signingSecret: string;
  botToken: string;
  /** The fake Web API (it must answer auth.test). */
  apiUrl: string;
  port?: number;
  host?: string;
}

export interface BareBolt {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * The in-run baseline for the Slack benchmark: Bolt's ExpressReceiver set up as Pacer's server sets
 * it up (same endpoint, same signature verification, processBeforeResponse off), with one `/deal`
 * command that only acks. What Pacer adds on top (parsing, the core, rendering) is the difference
 * between the two, measured on the same machine in the same run.
 *
 *   const bare = await startBareBolt({ signingSecret, botToken, apiUrl: fake.apiUrl })
 */
export async function startBareBolt(options: BareBoltOptions): Promise<BareBolt> {
  const app = express();
  const receiver = new ExpressReceiver({
    signingSecret: options.signingSecret,
    signatureVerification: true,
    endpoints: '/slack/events',
    processBeforeResponse: false,
    app,
    logLevel: LogLevel.ERROR,
  });
  const bolt = new App({
    receiver,
    token: options.botToken,
    clientOptions: { slackApiUrl: options.apiUrl },
    logLevel: LogLevel.ERROR,
    deferInitialization: true,
  });
  bolt.command('/deal', async ({ ack }) => {
    await ack();
  });
  await bolt.init();

  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}
