import { createApp } from '../app/createApp';
import { loadConfig } from '../config/config';

/** Process entry: configuration, composition, listen, graceful stop on SIGTERM/SIGINT. */
function main(): void {
  const config = loadConfig(process.env);
  const app = createApp(config);
  app.server.listen(config.PORT, config.HOST, () => {
    const { port } = app.server.address();
    const base = `http://${config.HOST}:${port}`;
    console.log(`NDR Triage Bot listening on ${base}`);
    console.log(`  web chat:     open ${base}/ in a browser`);
    console.log(`  bot endpoint: ${base}/api/messages (${app.localMode ? 'local mode: no channel authentication' : 'channel authentication on'})`);
    console.log(`  triage API:   curl -s -X POST ${base}/api/triage -H 'content-type: application/json' -d '{"text":"550 5.7.750"}'`);
  });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void app.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

try {
  if (typeof process.loadEnvFile === 'function') {
    try {
      process.loadEnvFile();
    } catch {
      // no .env file: the environment alone configures the bot
    }
  }
  main();
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
}
