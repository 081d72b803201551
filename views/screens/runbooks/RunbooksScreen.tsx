/**
 * Runbooks: the recent runbook runs, newest first — for a running run the current gate with each
 * check, and per node (per unit) its state, elapsed time and latest message. The data is the
 * RunbooksScreenData the fleet carries as `state.runbooks` (src/upgrade collectRunbooks, read
 * from the journals in the state dir); the lines come from the upgrade room's pure view model;
 * this component only filters, scrolls and paints them.
 */
import { useMemo } from 'react';
import { runbookScreenLines, type RunbooksScreenData } from '../../../src/upgrade/index.js';
import { LineView } from '../../components/LineView.js';
import { useLineScroll } from '../../scroll-model.js';
import type { Line } from '../../segments.js';
import { parseFilter } from '../../table/table-model.js';
import type { ScreenDef, ScreenProps } from '../../types.js';
import { useScreenCommands } from '../../useScreenCommands.js';

function RunbooksScreen({ state, width, height, filter, input }: ScreenProps) {
  const data = state.runbooks;
  const shown = useMemo((): RunbooksScreenData | undefined => {
    const parsed = parseFilter(filter);
    if (!data || !parsed) return data;
    return { ...data, runs: data.runs.filter((r) => [r.id, r.runbook, r.cluster].some((s) => s.toLowerCase().includes(parsed.needle)) !== parsed.invert) };
  }, [data, filter]);
  const lines = useMemo((): Line[] => runbookScreenLines(shown, width), [shown, width]);
  const scroll = useLineScroll(lines.length, height);
  useScreenCommands(input, (id) => void scroll.command(id));
  return <LineView lines={lines.slice(scroll.offset, scroll.offset + height)} height={height} />;
}

export const runbooksScreen: ScreenDef = {
  id: 'runbooks',
  title: 'Runbooks',
  key: '6',
  aliases: ['upgrades', 'runs'],
  scopes: ['runbooks', 'list', 'filterable'],
  component: RunbooksScreen,
};
