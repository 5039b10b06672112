import { createTriageDeps } from '../app/createTriageDeps';
import { loadConfig } from '../config/config';
import { createServer } from './createServer';

/** Process entry: configuration, composition, listen, graceful stop. */
function main(): void {
  const config = loadConfig(process.env);
  const deps = createTriageDeps(config);
  const server = createServer(config, deps);
  server.listen(config.PORT, config.HOST, () => {
    const { port } = server.address();
    console.log(`NDR Triage Bot listening on http://${config.HOST}:${port}`);
    console.log(`  try: curl -s -X POST http://${config.HOST}:${port}/api/triage -H 'content-type: application/json' -d '{"text":"550 5.7.750 Client blocked from sending from unregistered domains"}'`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

try {
  main();
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
}
