import type { Line } from '../segments.js';
import type { ShellState } from '../shell-state.js';
import { LineText } from './LineView.js';

/** One line above the footer: the text box being typed in, or the latest action/notice. */
export function statusLine(s: ShellState): Line {
  if (s.input === 'command') {
    const hint = s.completions.length > 0 ? `   ${s.completions.join(' | ')}` : '';
    return [{ text: ':', tone: 'accent', bold: true }, { text: `${s.command}▏` }, { text: hint, tone: 'muted' }];
  }
  if (s.input === 'filter') {
    return [{ text: '/', tone: 'accent', bold: true }, { text: `${s.filters[s.screen] ?? ''}▏` }];
  }
  if (s.status) return [{ text: s.status.text, tone: s.status.tone }];
  return [];
}

export function StatusLine({ state }: { state: ShellState }) {
  return <LineText line={statusLine(state)} />;
}
