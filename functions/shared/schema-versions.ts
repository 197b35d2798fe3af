import { GetSchemaByDefinitionCommand, GetSchemaVersionCommand, GlueClient } from '@aws-sdk/client-glue';
import { MskAthenaError } from './errors';

/** What a schema version id stands for in the registry. */
export interface SchemaVersion {
  readonly schemaVersionId: string;
  readonly registry: string;
  readonly schema: string;
  readonly dataFormat: string;
  readonly definition: string;
}

/**
 * Looks schema versions up in the Glue Schema Registry, as the serde library
 * does: by definition to write (glue:GetSchemaByDefinition), by id to read
 * (glue:GetSchemaVersion). Answers are cached for the life of the object.
 * `endpoint` points at a stand-in (moto) for local runs.
 */
export class SchemaVersions {
  private readonly glue: GlueClient;
  private readonly byDefinition = new Map<string, Promise<string>>();
  private readonly byId = new Map<string, Promise<SchemaVersion | undefined>>();

  constructor(options: { region?: string; endpoint?: string; credentials?: { accessKeyId: string; secretAccessKey: string } } = {}) {
    this.glue = new GlueClient({ region: options.region, endpoint: options.endpoint, credentials: options.credentials });
  }

  /** The id of the version of `registry/schema` whose definition is exactly `definition`. */
  idFor(registry: string, schema: string, definition: string): Promise<string> {
    const key = `${registry}/${schema}\n${definition}`;
    if (!this.byDefinition.has(key)) {
      const lookup = this.glue
        .send(new GetSchemaByDefinitionCommand({ SchemaId: { RegistryName: registry, SchemaName: schema }, SchemaDefinition: definition }))
        .then((r) => {
          if (!r.SchemaVersionId || r.Status !== 'AVAILABLE') throw new Error(`version is ${r.Status ?? 'unknown'}`);
          return r.SchemaVersionId;
        })
        .catch((err: Error) => {
          this.byDefinition.delete(key);
          const missing = /EntityNotFound|SchemaNotFound|does not exist|not found/i.test(`${err.name} ${err.message}`);
          throw new MskAthenaError(
            missing
              ? `Glue schema ${registry}/${schema} has no version with this definition; deploy the analytics stack first (locally: npm run kafka:up registers schemas/)`
              : `looking up Glue schema ${registry}/${schema}: ${err.message}`,
            !missing,
          );
        });
      this.byDefinition.set(key, lookup);
    }
    return this.byDefinition.get(key)!;
  }

  /** The registry, schema and definition of a version id; undefined when Glue has no such version. */
  describe(schemaVersionId: string): Promise<SchemaVersion | undefined> {
    if (!this.byId.has(schemaVersionId)) {
      this.byId.set(
        schemaVersionId,
        this.glue.send(new GetSchemaVersionCommand({ SchemaVersionId: schemaVersionId })).then(
          (r) => {
            // arn:aws:glue:<region>:<account>:schema/<registry>/<schema>
            const [registry, schema] = (r.SchemaArn ?? '').split(':schema/')[1]?.split('/') ?? [];
            return { schemaVersionId, registry, schema, dataFormat: r.DataFormat ?? '', definition: r.SchemaDefinition ?? '' };
          },
          (err: Error) => {
            if (/EntityNotFound|not found|does not exist/i.test(`${err.name} ${err.message}`)) return undefined;
            throw err;
          },
        ),
      );
    }
    return this.byId.get(schemaVersionId)!;
  }
}
