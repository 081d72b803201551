/** Durations in the network room's messages: the shared wording from src/time. */
import { humanDuration } from '../../time/index.js';

export { sinceText } from '../../time/index.js';

/** 3d4h, 5h12m, 7m, 42s — from milliseconds. */
export const shortDuration = (ms: number): string => humanDuration(ms / 1000);
