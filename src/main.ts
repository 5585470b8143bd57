import { Logger } from '@nestjs/common';
import { createApp } from './app.factory.js';
import { ConfigError, loadConfig } from './config/app-config.js';

/** Starts the HTTP API: configuration validated first, then migrations and rulesets, then the listener. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const app = await createApp(config);
  const logger = new Logger('Main');
  if (config.usingLocalDefaultKeys) logger.warn('API_KEYS not set: using the local default keys from the README');
  await app.listen(config.port, config.host);
  logger.log(`listening on http://${config.host}:${config.port} (docs at /docs)`);
}

main().catch((e: unknown) => {
  new Logger('Main').fatal(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
