import { defineConfig } from 'prisma/config';
import { loadConfig } from './libs/config/src/config';
import { migrationAdapter } from './prisma/migration-adapter';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  adapter: async () => migrationAdapter(loadConfig().databaseUrl),
});
