import { join, resolve } from 'node:path';
import { readSchemaFolder, type RegistryDefinition } from '../core/tables/schema-folder';

/**
 * The project's validated schemas/ folder, for the command-line tools; like
 * `npm run synth`, MSK_ATHENA_SCHEMAS points them at another folder.
 */
export function projectRegistries(): RegistryDefinition[] {
  const root = join(__dirname, '..');
  return readSchemaFolder(resolve(process.env.MSK_ATHENA_SCHEMAS ?? join(root, 'schemas')), root);
}
