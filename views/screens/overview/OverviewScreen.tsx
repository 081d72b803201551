import { useMemo } from 'react';
import { LineView } from '../../components/LineView.js';
import { useLineScroll } from '../../scroll-model.js';
import type { ScreenDef, ScreenProps } from '../../types.js';
import { useScreenCommands } from '../../useScreenCommands.js';
import { overviewLines } from './overview-lines.js';

function OverviewScreen({ state, width, height, filter, input }: ScreenProps) {
  const lines = useMemo(() => overviewLines(state, filter, width), [state, filter, width]);
  const scroll = useLineScroll(lines.length, height);
  useScreenCommands(input, (id) => void scroll.command(id));
  return <LineView lines={lines.slice(scroll.offset, scroll.offset + height)} height={height} />;
}

export const overviewScreen: ScreenDef = {
  id: 'overview',
  title: 'Overview',
  key: '1',
  aliases: ['status', 'ov'],
  scopes: ['overview', 'list', 'filterable'],
  component: OverviewScreen,
};
