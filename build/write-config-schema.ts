// npm run build:config-schema: writes build/config.schema.json, the JSON Schema published with
// the installers, from the zod schema (core/config/provisioning.ts). A test fails when the
// file is stale: run this after changing the config schema.
import { writeFileSync } from 'node:fs';
import { configJsonSchema } from '../core/config/provisioning.ts';

export const CONFIG_SCHEMA_FILE = new URL('./config.schema.json', import.meta.url);

export function configSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}

if (import.meta.main) {
  writeFileSync(CONFIG_SCHEMA_FILE, configSchemaText());
  console.log(`wrote ${CONFIG_SCHEMA_FILE.pathname}`);
}
