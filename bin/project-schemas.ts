import { join } from 'node:path';
import { readSchemaFolder, type RegistryDefinition } from '../modules/registry/schema-folder';

/** The project's validated schemas/ folder, for the command-line tools. */
export function projectRegistries(): RegistryDefinition[] {
  const root = join(__dirname, '..');
  return readSchemaFolder(join(root, 'schemas'), root);
}
