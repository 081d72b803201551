/**
 * The reconcile request token. The flux CLI writes Go's time.RFC3339Nano (trailing zeros trimmed);
 * controllers only compare strings, so what matters is that every request carries a value the
 * object has not seen: milliseconds from the clock plus a per-process sequence in the sub-millisecond
 * digits, so two requests within one millisecond (or on a stopped test clock) still differ.
 */
let sequence = 0;

export function reconcileToken(nowMs: number, avoid?: string): string {
  for (;;) {
    sequence = (sequence + 1) % 1_000_000;
    const iso = new Date(nowMs).toISOString(); // 2026-11-27T12:00:00.123Z
    const fraction = `${iso.slice(20, 23)}${String(sequence).padStart(6, '0')}`.replace(/0+$/, '');
    const token = `${iso.slice(0, 19)}${fraction ? `.${fraction}` : ''}Z`;
    if (token !== avoid) return token;
  }
}
