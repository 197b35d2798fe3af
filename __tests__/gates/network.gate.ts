import { everyResource, found, type NamedStack } from '../helpers/all-stacks';

// HTTPS, and the MSK listeners for IAM, SCRAM and mutual TLS.
const PORTS = new Set([443, 9098, 9096, 9094]);

export function networkGate(stacks: readonly NamedStack[]): void {
  describe('network gate', () => {
    const ingress = everyResource(stacks, 'aws_vpc_security_group_ingress_rule');
    const egress = everyResource(stacks, 'aws_vpc_security_group_egress_rule');
    const groups = everyResource(stacks, 'aws_security_group');

    it('admits nothing from 0.0.0.0/0 or ::/0, nor from any CIDR', () => {
      expect(ingress.length).toBeGreaterThan(0);
      for (const r of ingress) {
        expect({ rule: r.address, cidr4: r.cidr_ipv4, cidr6: r.cidr_ipv6, prefix: r.prefix_list_id }).toEqual({
          rule: r.address,
          cidr4: undefined,
          cidr6: undefined,
          prefix: undefined,
        });
        expect(r.referenced_security_group_id).toMatch(/^\$\{/);
      }
    });

    it('sends traffic only to named groups or AWS prefix lists, on the ports in use, over TCP', () => {
      expect(egress.length).toBeGreaterThan(0);
      for (const r of egress) {
        // One exception: an adopted cluster whose brokers' group we may not name is
        // reached in its own VPC's range, on its Kafka port only.
        const ownVpc = typeof r.cidr_ipv4 === 'string' && /aws_vpc\S*cidr_block\}$/.test(r.cidr_ipv4) && [9096, 9094, 9098].includes(r.from_port);
        if (ownVpc) expect(r.stack).toMatch(/^dev-adopted-/);
        else expect(r.cidr_ipv4 ?? r.cidr_ipv6).toBeUndefined();
        expect([r.referenced_security_group_id, r.prefix_list_id, ownVpc ? r.cidr_ipv4 : undefined].filter(Boolean)).toHaveLength(1);
        expect({ rule: r.address, protocol: r.ip_protocol, ports: PORTS.has(r.from_port) && r.from_port === r.to_port }).toEqual({
          rule: r.address,
          protocol: 'tcp',
          ports: true,
        });
      }
      for (const r of found(ingress, 'ingress rules'))
        expect({ rule: r.address, ok: r.ip_protocol === 'tcp' && PORTS.has(r.from_port) && r.from_port === r.to_port }).toEqual({ rule: r.address, ok: true });
    });

    it('has no inline rules and a description on every group and rule', () => {
      for (const g of found(groups, 'security groups')) {
        expect(g.ingress).toBeUndefined();
        expect(g.egress).toBeUndefined();
        expect(g.description?.length).toBeGreaterThan(10);
      }
      for (const r of [...ingress, ...egress]) expect(r.description?.length).toBeGreaterThan(10);
    });

    it('keeps the VPC default group empty', () => {
      for (const d of found(everyResource(stacks, 'aws_default_security_group'), 'VPC default security groups')) {
        expect(d.ingress).toBeUndefined();
        expect(d.egress).toBeUndefined();
      }
    });
  });
}
