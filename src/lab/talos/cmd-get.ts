/**
 * `talosctl get <type> [id] -o table|yaml|json`. Nodes are queried one by one in the order given
 * (talos.md §1.1); the resource kind is resolved on the first node, so an unreachable first node
 * fails the whole command. ≤1.13 collects per-node errors into a multierror without node prefix
 * (one-to-one proxying; error-get-notfound.txt); ≥1.14 prefixes `error listing resources on node X:`.
 */
import { flagValue } from './cobra.js';
import { jsonResource, renderTable, tableHeader, tableRow, yamlResource } from './cosi-output.js';
import { buildResources, columnsFor, resolveKind } from './cosi-resources.js';
import { clientVersionCheck, endpointError, multiError, reachError, RpcError, TalosctlError, versionParts, type Session } from './session.js';

export function runGet(s: Session): void {
  const [typeArg, id] = s.parsed.args as [string, string | undefined];
  const format = flagValue(s.parsed, 'output', 'table') as string;
  if (!['table', 'yaml', 'json'].includes(format)) {
    if (format.startsWith('jsonpath')) throw new TalosctlError('the lab stand-in does not emulate -o jsonpath; use -o json');
    throw new TalosctlError(`output format "${format}" is not supported`);
  }
  if (flagValue(s.parsed, 'watch', false)) throw new TalosctlError('the lab stand-in does not emulate get --watch');
  clientVersionCheck(s);
  const first = s.targets[0]!;
  const firstErr = endpointError(s) ?? reachError(s.twin, first.label, first.node);
  if (firstErr) throw new TalosctlError(firstErr.message);
  const kind = resolveKind(typeArg);
  if (!kind) throw new TalosctlError(new RpcError('NotFound', `resource "${typeArg}" is not registered`).message);
  const ns = flagValue(s.parsed, 'namespace', '') as string;
  const namespace = ns || kind.defaultNamespace;
  const columns = columnsFor(kind, first.node!.talosVersion);
  const tableKind = { ...kind, columns };
  const legacyYaml = { legacyQuoting: versionParts(s.clientVersion)[1] < 12 && versionParts(s.clientVersion)[0] === 1 };

  const rows: string[] = [tableHeader(tableKind)];
  const errors: string[] = [];
  let out = '';
  let firstDoc = true;
  for (const t of s.targets) {
    const err = reachError(s.twin, t.label, t.node);
    let items = err || namespace !== kind.defaultNamespace ? [] : buildResources(s.twin, t.node!, kind);
    let failure = err?.message;
    if (!failure && id !== undefined) {
      items = items.filter((r) => r.id === id);
      if (items.length === 0) failure = new RpcError('NotFound', `resource ${kind.type}(${namespace}/${id}@undefined) doesn't exist`).message;
    }
    if (failure) {
      errors.push(s.legacy ? failure : `error ${id === undefined ? 'listing resources' : 'getting resource'} on node ${t.label}: ${failure}`);
      continue;
    }
    for (const r of items) {
      if (format === 'table') rows.push(tableRow(t.label, tableKind, r));
      else if (format === 'json') out += jsonResource(t.label, r);
      else {
        out += yamlResource(t.label, r, firstDoc, legacyYaml);
        firstDoc = false;
      }
    }
  }
  s.sink.out(format === 'table' ? renderTable(rows) : out);
  if (errors.length) throw new TalosctlError(s.legacy ? multiError(errors) : errors.join('\n'));
}
