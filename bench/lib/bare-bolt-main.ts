import { startBareBolt } from './bare-bolt.ts';

/**
 * The bare Bolt baseline as a process of its own (started by bench/run.ts like Pacer's server), so
 * both are measured the same way: separate process, same Node, same loopback, same load.
 * Environment: SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, SLACK_API_URL, PORT.
 */
function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    process.stderr.write(`bare-bolt-main: ${name} is missing\n`);
    process.exit(2);
  }
  return value;
}

const bare = await startBareBolt({
  signingSecret: required('SLACK_SIGNING_SECRET'),
  botToken: required('SLACK_BOT_TOKEN'),
  apiUrl: required('SLACK_API_URL'),
  port: Number(required('PORT')),
  host: '127.0.0.1',
});

const stop = (): void => {
  bare.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
