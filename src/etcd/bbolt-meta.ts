/**
 * The two bbolt meta pages at the head of an etcd snapshot, read natively (no Go, no etcd binary).
 * Layout from etcd-io/bbolt internal/common/{page,meta}.go (backup.md §1.5): a 16-byte page header
 * `{id u64, flags u16, count u16, overflow u32}` then the meta `{magic u32, version u32, pageSize
 * u32, flags u32, root {pgid u64, sequence u64}, freelist u64, pgid u64, txid u64, checksum u64}`.
 * The structs are cast with `unsafe`, so the byte order is the writer's: little-endian on amd64
 * and arm64, the only platforms Talos ships.
 */

export const BBOLT_MAGIC = 0xed0cdaed;
export const BBOLT_VERSION = 2;
export const PAGE_FLAG_META = 0x04;
/** bbolt writes this as the freelist pgid when the freelist is not synced (etcd's default). */
export const PGID_NO_FREELIST = 0xffffffffffffffffn;
/** The meta fields hashed by Meta.Sum64: bytes [16, 72) of the page, i.e. up to `checksum`. */
const SUM_START = 16;
const SUM_END = 72;
export const META_BYTES = 80;
/** bbolt probes page sizes 1 KiB … 16 MiB; etcd uses the OS page size. We accept 1–64 KiB. */
export const MIN_PAGE_SIZE = 1024;
export const MAX_PAGE_SIZE = 64 * 1024;

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK64 = 0xffffffffffffffffn;

/** FNV-1a 64 (Go hash/fnv New64a), the checksum bbolt stores in each meta page. */
export function fnv1a64(bytes: Uint8Array): bigint {
  let h = FNV_OFFSET;
  for (const b of bytes) h = ((h ^ BigInt(b)) * FNV_PRIME) & MASK64;
  return h;
}

export interface MetaPage {
  /** 0 or 1. */
  index: 0 | 1;
  pageId: bigint;
  pageFlags: number;
  magic: number;
  version: number;
  pageSize: number;
  root: bigint;
  freelist: bigint;
  /** High-water mark: pages in use; the bbolt part of a snapshot is pgid × pageSize bytes. */
  pgid: bigint;
  txid: bigint;
  checksum: bigint;
  /** What is wrong with this page (empty when it validates). */
  problems: string[];
}

const isPow2 = (n: number) => n > 0 && (n & (n - 1)) === 0;

/** Read and validate the meta page `index` found at `offset` in `head` (which must hold 80 bytes from it). */
export function readMetaPage(head: Uint8Array, offset: number, index: 0 | 1): MetaPage {
  const v = new DataView(head.buffer, head.byteOffset + offset, META_BYTES);
  const page: MetaPage = {
    index,
    pageId: v.getBigUint64(0, true),
    pageFlags: v.getUint16(8, true),
    magic: v.getUint32(16, true),
    version: v.getUint32(20, true),
    pageSize: v.getUint32(24, true),
    root: v.getBigUint64(32, true),
    freelist: v.getBigUint64(48, true),
    pgid: v.getBigUint64(56, true),
    txid: v.getBigUint64(64, true),
    checksum: v.getBigUint64(72, true),
    problems: [],
  };
  const p = page.problems;
  // Same order as Meta.Validate: magic, then version, then checksum.
  if (page.magic !== BBOLT_MAGIC) p.push(`bad magic 0x${page.magic.toString(16).padStart(8, '0')} (want 0xed0cdaed)`);
  else if (page.version !== BBOLT_VERSION) p.push(`version ${page.version} (want 2)`);
  const sum = fnv1a64(head.subarray(offset + SUM_START, offset + SUM_END));
  if (sum !== page.checksum) p.push(`checksum 0x${page.checksum.toString(16)} does not match FNV-1a 0x${sum.toString(16)}`);
  if (page.pageFlags !== PAGE_FLAG_META) p.push(`page flags 0x${page.pageFlags.toString(16)} (want 0x04, meta)`);
  if (page.pageId !== BigInt(index)) p.push(`page id ${page.pageId} (want ${index})`);
  if (!isPow2(page.pageSize) || page.pageSize < MIN_PAGE_SIZE || page.pageSize > MAX_PAGE_SIZE) p.push(`page size ${page.pageSize} is not a power of two in 1–64 KiB`);
  // Meta.Write panics on these, so a file that has them was not written by bbolt.
  if (page.root >= page.pgid) p.push(`root page ${page.root} ≥ pgid ${page.pgid}`);
  if (page.freelist !== PGID_NO_FREELIST && page.freelist >= page.pgid) p.push(`freelist page ${page.freelist} ≥ pgid ${page.pgid}`);
  return page;
}

/**
 * Where meta 1 sits: meta 0's page size when meta 0 is sane, else bbolt's probe order
 * (1 KiB << i, db.go getPageSizeFromSecondMeta) limited to our accepted range.
 */
export function metaOneOffsets(meta0: MetaPage): number[] {
  if (isPow2(meta0.pageSize) && meta0.pageSize >= MIN_PAGE_SIZE && meta0.pageSize <= MAX_PAGE_SIZE) return [meta0.pageSize];
  const out: number[] = [];
  for (let s = MIN_PAGE_SIZE; s <= MAX_PAGE_SIZE; s *= 2) out.push(s);
  return out;
}
