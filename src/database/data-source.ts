import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config.js';
import { databaseOptions } from './database.options.js';

/**
 * The DataSource the TypeORM CLI uses (`npm run migration:generate`, `npm run migration:run`), configured from the
 * same environment variables as the server.
 */
export default new DataSource(databaseOptions(loadConfig().database));
