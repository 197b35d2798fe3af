import { allStacks, everyResource } from '../helpers/all-stacks';

const PORTS = new Set([443, 9098]);

describe('network gate', () => {
  const stacks = allStacks();
  const ingress = everyResource(stacks, 'aws_vpc_security_group_ingress_rule');
  const egress = everyResource(stacks, 'aws_vpc_security_group_egress_rule');
  const groups = everyResource(stacks, 'aws_security_group');

  it('admits nothing from 0.0.0.0/0 or ::/0, nor from any CIDR', () => {
    expect(ingress.length).toBeGreaterThan(0);
    for (const r of ingress) {
      expect({ rule: r.address, cidr4: r.cidr_ipv4, cidr6: r.cidr_ipv6, prefix: r.prefix_list_id }).toEqual({ rule: r.address, cidr4: undefined, cidr6: undefined, prefix: undefined });
      expect(r.referenced_security_group_id).toMatch(/^\$\{/);
    }
  });

  it('sends traffic only to named groups or AWS prefix lists, on the ports in use, over TCP', () => {
    expect(egress.length).toBeGreaterThan(0);
    for (const r of egress) {
      expect(r.cidr_ipv4 ?? r.cidr_ipv6).toBeUndefined();
      expect(Boolean(r.referenced_security_group_id) !== Boolean(r.prefix_list_id)).toBe(true);
      expect({ rule: r.address, protocol: r.ip_protocol, ports: PORTS.has(r.from_port) && r.from_port === r.to_port }).toEqual({ rule: r.address, protocol: 'tcp', ports: true });
    }
    for (const r of ingress) expect({ rule: r.address, ok: r.ip_protocol === 'tcp' && PORTS.has(r.from_port) && r.from_port === r.to_port }).toEqual({ rule: r.address, ok: true });
  });

  it('has no inline rules and a description on every group and rule', () => {
    for (const g of groups) {
      expect(g.ingress).toBeUndefined();
      expect(g.egress).toBeUndefined();
      expect(g.description?.length).toBeGreaterThan(10);
    }
    for (const r of [...ingress, ...egress]) expect(r.description?.length).toBeGreaterThan(10);
  });

  it('keeps the VPC default group empty', () => {
    for (const d of everyResource(stacks, 'aws_default_security_group')) {
      expect(d.ingress).toBeUndefined();
      expect(d.egress).toBeUndefined();
    }
  });
});
