// The cli room's light door: what command files need. (main.ts is imported by bin/plat.js only.)
export { makeContext, type CommandContext, type GlobalArgs, type RunState } from './context.js';
export { renderTable, formatData, jsonLine, outputFormats, type Column, type OutputFormat } from './output.js';
export { paint, glyph, colourEnabled, visibleWidth, type Token } from './style.js';
export { contextFrom } from './from-argv.js';
export { confirmAction } from './confirm.js';
export { cliStyler } from './fleet-styler.js';
