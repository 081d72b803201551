/**
 * Stable, realistic-looking identifiers for the twin (MACs, etcd member IDs, discovery node IDs,
 * boot IDs). Derived from names with FNV-1a so every run of a scenario prints the same values.
 */

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** `n` pseudo-random bytes from a seed string. */
export function seededBytes(seed: string, n: number): number[] {
  const out: number[] = [];
  let i = 0;
  while (out.length < n) {
    const h = fnv1a(`${seed}#${i++}`);
    out.push(h & 0xff, (h >>> 8) & 0xff, (h >>> 16) & 0xff, (h >>> 24) & 0xff);
  }
  return out.slice(0, n);
}

export function seededHex(seed: string, chars: number): string {
  return seededBytes(seed, Math.ceil(chars / 2))
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('')
    .slice(0, chars);
}

const hex2 = (b: number) => b.toString(16).padStart(2, '0');

/** A MAC in Supermicro's OUI (3c:ec:ef) — the NICs of our nodes. */
export function nicMac(seed: string, offset = 0): string {
  const [a = 0, b = 0, c = 0] = seededBytes(`mac:${seed}`, 3);
  const last = (c & 0xfe) + offset;
  return ['3c', 'ec', 'ef', hex2(a), hex2(b), hex2(last & 0xff)].join(':');
}

/** The switch's LACP system MAC (partner side of every bond). */
export function switchMac(seed: string): string {
  const [a = 0, b = 0, c = 0] = seededBytes(`switch:${seed}`, 3);
  return ['74', 'ac', 'b9', hex2(a), hex2(b), hex2(c & 0xf0)].join(':');
}

/** etcd member IDs are uint64 printed `%016x`; keep the top bit clear like most real IDs. */
export function etcdMemberId(seed: string): string {
  const h = seededHex(`etcd:${seed}`, 16);
  return ((parseInt(h[0]!, 16) & 0x7) | 0x1).toString(16) + h.slice(1);
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Discovery identity (`MemberSpec.nodeId`): 43 base62 characters. */
export function discoveryNodeId(seed: string): string {
  return seededBytes(`node:${seed}`, 43)
    .map((b) => BASE62[b % 62])
    .join('');
}

export function uuid(seed: string): string {
  const h = seededHex(`uuid:${seed}`, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Kernel release Talos ships per minor version (Talos release notes); unknown → newest known. */
export function talosKernel(talosVersion: string): string {
  const minor = Number(/^v\d+\.(\d+)/.exec(talosVersion)?.[1] ?? '11');
  const table: Record<number, string> = {
    9: '6.6.69-talos',
    10: '6.12.40-talos',
    11: '6.12.57-talos',
    12: '6.18.18-talos',
    13: '6.18.31-talos',
    14: '6.18.44-talos',
  };
  return table[minor] ?? (minor < 9 ? '6.6.33-talos' : '6.18.44-talos');
}
