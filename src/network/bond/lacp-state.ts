/**
 * The LACP port state octet `/proc/net/bonding` prints as `port state: N`
 * (include/uapi/linux/if_bonding.h LACP_STATE_*). A healthy fast-rate actor is 63; a partner
 * that really speaks LACP has synchronization + collecting + distributing (61 or 63). The
 * defaulted bit (0x40) means no LACPDU was received and the partner values are the kernel's
 * defaults.
 */
export const LACP_STATE = {
  activity: 0x01,
  shortTimeout: 0x02,
  aggregation: 0x04,
  synchronization: 0x08,
  collecting: 0x10,
  distributing: 0x20,
  defaulted: 0x40,
  expired: 0x80,
} as const;

export type LacpStateFlag = keyof typeof LACP_STATE;

export function lacpStateFlags(state: number): LacpStateFlag[] {
  return (Object.keys(LACP_STATE) as LacpStateFlag[]).filter((k) => (state & LACP_STATE[k]) !== 0);
}

/** Sync, collecting and distributing all set: the port carries traffic in its aggregator. */
export function lacpInService(state: number): boolean {
  const need = LACP_STATE.synchronization | LACP_STATE.collecting | LACP_STATE.distributing;
  return (state & need) === need;
}

export const ZERO_MAC = '00:00:00:00:00:00';
