/**
 * Flux: every Flux object of every cluster in one table (cluster badge first), failing first, with
 * since-times; Enter opens the object (why-chain, revisions, conditions, Events); r / R / Z / U
 * reconcile (with its source), suspend and resume after a confirmation naming cluster and object,
 * with the action's progress in the row and the status line. The data is the FluxSnapshot the
 * fleet carries as `state.flux` (src/flux watchFlux, pushed by watches, never re-listed on a timer).
 */
import { useMemo, useState } from 'react';
import type { FluxObjectAddress } from '../../../src/fleet/index.js';
import type { KeyBinding } from '../../keys.js';
import { DrillDownTable } from '../../table/DrillDownTable.js';
import { useDrillDown } from '../../table/useDrillDown.js';
import { useTable } from '../../table/useTable.js';
import type { ScreenDef, ScreenProps } from '../../types.js';
import { useScreenCommands } from '../../useScreenCommands.js';
import { fluxActionRequest, type FluxCommand } from './flux-actions.js';
import type { FluxRowProgress } from './flux-cells.js';
import { fluxColumns, fluxViewRows } from './flux-columns.js';
import { emptyFluxLine, fluxNotices } from './flux-notices.js';
import { useFluxDetail } from './useFluxDetail.js';

const SCOPES = ['flux', 'list', 'sortable', 'filterable'] as const;
const DETAIL_SCOPES = ['flux-detail', 'list'] as const;

const COMMANDS: Record<string, FluxCommand> = {
  'flux.reconcile': 'reconcile',
  'flux.reconcileSource': 'reconcile-source',
  'flux.suspend': 'suspend',
  'flux.resume': 'resume',
  'flux-detail.reconcile': 'reconcile',
  'flux-detail.reconcileSource': 'reconcile-source',
  'flux-detail.suspend': 'suspend',
  'flux-detail.resume': 'resume',
};

function FluxScreen(props: ScreenProps) {
  const { state, width, height, filter, input, setScopes, requestAction, notify } = props;
  const flux = props.actions.flux;
  const drill = useDrillDown<FluxObjectAddress>(setScopes, SCOPES, DETAIL_SCOPES);
  const detail = drill.target;
  const [progress, setProgress] = useState<FluxRowProgress | undefined>(undefined);
  const snapshot = state.flux;
  // state.clusters is a new array on every fleet update; the names rarely change.
  const names = state.clusters.map((c) => c.name).join('\n');
  const clusters = useMemo(() => names.split('\n'), [names]);
  // Derived once per data change (or progress event): a keypress reuses rows, columns and cells.
  const rows = useMemo(() => fluxViewRows(snapshot, clusters, progress), [snapshot, clusters, progress]);
  const columns = useMemo(() => fluxColumns(rows, width, state.at), [rows, width, state.at]);
  const notices = useMemo(() => fluxNotices(snapshot, clusters).slice(0, Math.floor(height / 2)), [snapshot, clusters, height]);
  const table = useTable(rows, columns, width, height - notices.length, filter);
  const shown = useFluxDetail({ state, target: detail, progress, actions: flux, width, height });

  const act = (command: FluxCommand) => {
    const target = detail ? snapshot?.rows.find((r) => r.cluster === detail.cluster && r.kind === detail.kind && r.namespace === detail.namespace && r.name === detail.name) : table.selectedRow?.row;
    if (!target) return notify('muted', detail ? 'the object is no longer reported: nothing to act on' : 'no Flux object selected');
    const outcome = fluxActionRequest(command, target, flux, setProgress);
    if ('refusal' in outcome) return notify('error', `✗ ${outcome.refusal}`);
    requestAction(outcome.request);
  };

  useScreenCommands(input, (id) => {
    const command = COMMANDS[id];
    if (command) return act(command);
    switch (id) {
      case 'flux.open': {
        const selected = table.selectedRow?.row;
        if (!selected) return;
        return drill.open({ cluster: selected.cluster, kind: selected.kind, namespace: selected.namespace, name: selected.name }, shown);
      }
      case 'flux-detail.back':
        return drill.back();
      default:
        return drill.pass(id, table, shown);
    }
  });

  return <DrillDownTable title="Flux" model={table} height={height} notices={notices} empty={emptyFluxLine(snapshot, filter)} detail={detail && shown.visible} />;
}

const actionKeys = (scope: string): KeyBinding[] => [
  { id: `${scope}.reconcile`, keys: ['r'], description: 'reconcile the object (flux reconcile)', hint: 'reconcile', scope, dangerous: true, visibleInFooter: true },
  { id: `${scope}.reconcileSource`, keys: ['R'], description: 'reconcile its source first, then the object (--with-source)', hint: 'with source', scope, dangerous: true, visibleInFooter: true },
  { id: `${scope}.suspend`, keys: ['Z'], description: 'suspend the object (spec.suspend: true)', hint: 'suspend', scope, dangerous: true, visibleInFooter: true },
  { id: `${scope}.resume`, keys: ['U'], description: 'resume the object and wait for it', hint: 'resume', scope, dangerous: true, visibleInFooter: true },
];

const KEYS: KeyBinding[] = [
  { id: 'flux.open', keys: ['enter'], description: 'Flux object details (why, revisions, events)', hint: 'details', scope: 'flux', visibleInFooter: true },
  ...actionKeys('flux'),
  { id: 'flux-detail.back', keys: ['escape'], description: 'back to the Flux table', hint: 'back', scope: 'flux-detail', visibleInFooter: true },
  ...actionKeys('flux-detail'),
];

export const fluxScreen: ScreenDef = {
  id: 'flux',
  title: 'Flux',
  key: '5',
  aliases: ['ks', 'hr', 'kustomizations', 'helmreleases', 'gitops'],
  scopes: SCOPES,
  keys: KEYS,
  scopeTitles: { 'flux-detail': 'Flux detail' },
  component: FluxScreen,
};
