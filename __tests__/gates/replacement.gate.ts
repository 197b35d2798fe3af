import { found, type NamedStack } from '../helpers/all-stacks';

/**
 * create_before_destroy makes the new resource while the old one still exists:
 * with a fixed unique name, AWS refuses the new one as a duplicate and the apply
 * fails. Such resources must use a name prefix, or a name that itself changes
 * with every attribute that forces replacement.
 */
const NAME_CHANGES_WITH_REPLACEMENT: Record<string, string> = {
  aws_msk_configuration: 'named after its Kafka version; kafka_versions is the only attribute besides name that forces a new configuration',
};

export function replacementGate(stacks: readonly NamedStack[]): void {
  describe('replacement gate', () => {
    it('pairs create_before_destroy with a fixed name only where the name changes with the replacement', () => {
      const replacedFirst = stacks.flatMap((s) =>
        Object.entries<Record<string, { name?: string; lifecycle?: { create_before_destroy?: boolean } }>>(s.json.resource ?? {}).flatMap(([type, byName]) =>
          Object.entries(byName)
            .filter(([, body]) => body.lifecycle?.create_before_destroy)
            .map(([name, body]) => ({ address: `${s.name} ${type}.${name}`, type, named: body.name !== undefined })),
        ),
      );
      const offenders = found(replacedFirst, 'create_before_destroy resources').filter((r) => r.named && !(r.type in NAME_CHANGES_WITH_REPLACEMENT));
      expect(offenders.map((r) => r.address)).toEqual([]);
    });

    it('finds security groups to check, all with a name prefix', () => {
      const groups = stacks.flatMap((s) => Object.values<{ name_prefix?: string }>(s.json.resource?.aws_security_group ?? {}));
      expect(groups.length).toBeGreaterThan(10);
      expect(groups.filter((g) => !g.name_prefix)).toEqual([]);
    });
  });
}
