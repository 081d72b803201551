/**
 * IPv4 ranges for LB pools: a CiliumLoadBalancerIPPool block is either a CIDR or a start–stop
 * range (lbipam_types.go), as are plat.yaml's lbPools. IPv6 blocks are skipped by the overlap
 * checks (the platform's pools are IPv4), not misread.
 */
import type { IpBlock } from '../cilium/model.js';

export interface Ipv4Range {
  first: number;
  last: number;
}

export function ipv4ToNumber(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

export function numberToIpv4(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

export function blockRange(b: IpBlock): Ipv4Range | undefined {
  if ('cidr' in b) {
    const [ip, len] = b.cidr.split('/');
    const base = ipv4ToNumber(ip ?? '');
    const bits = Number(len);
    if (base === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) return undefined;
    const size = 2 ** (32 - bits);
    const first = Math.floor(base / size) * size;
    return { first, last: first + size - 1 };
  }
  const first = ipv4ToNumber(b.start);
  const last = ipv4ToNumber(b.stop);
  if (first === undefined || last === undefined || last < first) return undefined;
  return { first, last };
}

export function rangesOverlap(a: Ipv4Range, b: Ipv4Range): Ipv4Range | undefined {
  const first = Math.max(a.first, b.first);
  const last = Math.min(a.last, b.last);
  return first <= last ? { first, last } : undefined;
}

export function formatRange(r: Ipv4Range): string {
  return r.first === r.last ? numberToIpv4(r.first) : `${numberToIpv4(r.first)}-${numberToIpv4(r.last)}`;
}

export function blockLabel(b: IpBlock): string {
  return 'cidr' in b ? b.cidr : `${b.start}-${b.stop}`;
}
