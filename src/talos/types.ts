/**
 * The model of what talosctl prints, as plat reads it. Field names follow the Talos API
 * (COSI metadata, etcd status, service events) so they can be compared with the docs.
 */

/** COSI resource metadata as `-o json` / `-o yaml` print it (cosi-project/runtime metadata.go). */
export interface ResourceMetadata {
  namespace: string;
  type: string;
  id: string;
  version: number;
  /** Empty string when the resource has no owner (YAML prints `owner:` bare, JSON prints null). */
  owner: string;
  phase: string;
  created: string;
  updated: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
}

/** One resource of one node: talosctl prints one object/document per resource per node. */
export interface TalosResource<S = unknown> {
  /** The node as given with `-n` (IP or hostname); empty in maintenance mode. */
  node: string;
  metadata: ResourceMetadata;
  spec: S;
  /** Only with `--watch`. */
  event?: 'created' | 'updated' | 'destroyed';
}

/** One row of a `get <type>` table: the five fixed columns plus the type's own print columns. */
export interface ResourceTableRow {
  node: string;
  namespace: string;
  type: string;
  id: string;
  version: number;
  columns: Record<string, string>;
}

export interface TalosVersionInfo {
  tag: string;
  sha: string;
  built: string;
  goVersion: string;
  os: string;
  arch: string;
  /** Server only: enabled features (`RBAC`); empty in maintenance mode. */
  enabled?: string[];
}

export interface VersionOutput {
  client?: TalosVersionInfo;
  /** Keyed by the `NODE:` line of each server block ('' when talosctl printed none). */
  servers: Record<string, TalosVersionInfo>;
}

export interface ServiceRow {
  node: string;
  id: string;
  /** Running, Waiting, Preparing, Finished, Failed… */
  state: string;
  /** `OK`, `Fail` or `?` (unknown). */
  health: string;
  /** As printed, e.g. `5m51s ago` (can be negative after a clock jump: `-5s ago`). */
  lastChange: string;
  lastChangeSeconds?: number;
  lastEvent: string;
}

export interface ServiceEvent {
  state: string;
  message: string;
  /** As printed inside the parentheses, e.g. `17s`. */
  age: string;
  ageSeconds?: number;
}

export interface ServiceDetail {
  node: string;
  id: string;
  state: string;
  health: string;
  lastHealthMessage?: string;
  /** Newest first, as talosctl prints them. */
  events: ServiceEvent[];
}

export interface EtcdStatusRow {
  node: string;
  memberId: string;
  /** Bytes, read back from go-humanize SI text (`21 MB`), so rounded to what was printed. */
  dbSize: number;
  inUse: number;
  inUsePercent: number;
  leader: string;
  raftIndex: number;
  raftTerm: number;
  raftAppliedIndex: number;
  learner: boolean;
  errors: string[];
  /** Since Talos v1.11. */
  protocol?: string;
  storage?: string;
}

export interface EtcdMemberRow {
  node: string;
  id: string;
  hostname: string;
  peerUrls: string[];
  clientUrls: string[];
  learner: boolean;
}

export interface EtcdAlarmRow {
  node: string;
  memberId: string;
  alarm: string;
}

export interface EtcdSnapshotInfo {
  path: string;
  sizeBytes: number;
  hash?: string;
  revision?: number;
  totalKeys?: number;
  totalSize?: number;
}

/** What one talosctl call said per node. A node that failed is in `errors`, not in `byNode`. */
export interface NodeResults<T> {
  byNode: Record<string, T>;
  /** Node → short reason. */
  errors: Record<string, string>;
  /** `WARNING:` texts (without the prefix) and other stderr lines that were not errors. */
  warnings: string[];
}

/** A line of a long action (upgrade, reboot --wait, health, upgrade-k8s), with the stream named. */
export interface ProgressLine {
  stream: 'stdout' | 'stderr';
  /** The line as printed. */
  line: string;
  /** The node the line is about, when talosctl named one. */
  node?: string;
  /** The line without the node prefix. */
  message: string;
  warning?: true;
}

export type HealthLine =
  | { kind: 'discovered'; nodes: string[] }
  | { kind: 'check'; check: string; state: 'running' | 'ok' | 'skip' | 'failing'; message?: string }
  | { kind: 'other'; text: string };

export interface VersionSkew {
  node: string;
  server: string;
  client: string;
}
