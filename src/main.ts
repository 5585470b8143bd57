import { Logger } from '@nestjs/common';
import cluster from 'node:cluster';
import { DataSource } from 'typeorm';
import { createApp } from './app.factory.js';
import { ConfigError, loadConfig, type AppConfig } from './config/app-config.js';
import { RulesetInvalidError } from './core/index.js';
import { databaseOptions } from './database/database.options.js';
import { migrate } from './database/migrate.js';

const logger = new Logger('Main');

/** Starts the HTTP API: configuration validated first, then migrations and rulesets, then the listener. */
async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    console.error(e.message);
    process.exit(1);
  }
  if (config.webConcurrency > 1 && cluster.isPrimary) return startCluster(config);
  const app = await createApp(config);
  if (config.usingLocalDefaultKeys) logger.warn('API_KEYS not set: using the local default keys from the README');
  if (config.session.generated) logger.warn('SESSION_KEY not set: page sessions use a random key, lost on restart and not shared between processes');
  await app.listen(config.port, config.host);
  logger.log(`listening on http://${config.host}:${config.port} (docs at /docs)`);
}

/**
 * WEB_CONCURRENCY > 1: the primary applies the migrations once, then forks that many server processes sharing
 * the port (each stateless: the database holds everything), and replaces one that dies.
 */
async function startCluster(config: AppConfig): Promise<void> {
  const ds = new DataSource(databaseOptions(config.database));
  await ds.initialize();
  await migrate(ds);
  await ds.destroy();
  for (let i = 0; i < config.webConcurrency; i++) cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (signal === 'SIGTERM' || signal === 'SIGINT' || code === 0) return;
    logger.error(`server process ${worker.process.pid} exited (${signal ?? code}); starting another`);
    cluster.fork();
  });
  logger.log(`${config.webConcurrency} server processes on port ${config.port}`);
}

main().catch((e: unknown) => {
  if (e instanceof RulesetInvalidError) {
    for (const i of e.issues) logger.error(`${i.file} ${i.pointer}: ${i.message.en}`);
  }
  logger.fatal(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
