/**
 * `show bgp neighbors [<ip>] json` as FRR 10 prints it (bgp_vty.c bgp_show_peer; key order as in
 * test/fixtures/network/frr-show-bgp-neighbor.{established,active}.json). Printed WITHOUT
 * NOSLASHESCAPE, hence `n\/a`. An unknown address gives `{"bgpNoSuchNeighbor":true}` and exit 0.
 */
import { printJsonC, type JsonC } from './json-c.js';
import { frrUptime, messageSplit, peerTime } from './peer-time.js';
import type { RouterModel, RouterNeighbor } from './types.js';

export function frrNeighborsText(model: RouterModel, address?: string): string {
  const all = model.neighbors();
  const chosen = address === undefined ? all : all.filter((n) => n.peerAddress === address);
  if (address !== undefined && chosen.length === 0) return printJsonC({ bgpNoSuchNeighbor: true }, { escapeSlash: true }) + '\n';
  const out: Record<string, JsonC> = {};
  for (const n of chosen) out[n.peerAddress] = neighborObject(model, n);
  return printJsonC(out, { escapeSlash: true }) + '\n';
}

function neighborObject(model: RouterModel, n: RouterNeighbor): JsonC {
  const now = model.now();
  const t = peerTime(n, now);
  const up = n.state === 'Established';
  const ms = t.seconds * 1000;
  const ebgp = n.remoteAs !== n.localAs;
  const rcvd = messageSplit(n.msgRcvd, n.prefixesReceived);
  const sent = messageSplit(n.msgSent, n.prefixesSent);
  const dropped = n.connectionsDropped > 0;
  return {
    remoteAs: n.remoteAs,
    localAs: n.localAs,
    [ebgp ? 'nbrExternalLink' : 'nbrInternalLink']: true,
    localRole: 'undefined',
    remoteRole: 'undefined',
    nbrDesc: n.description,
    hostname: (n.connectionsEstablished > 0 ? n.hostname : undefined) ?? 'Unknown',
    bgpVersion: 4,
    remoteRouterId: up ? n.peerAddress : '0.0.0.0',
    localRouterId: model.routerId,
    bgpState: n.state,
    bgpTimerUpMsec: up ? ms : undefined,
    bgpTimerUpString: up ? frrUptime(t) : undefined,
    bgpTimerUpEstablishedEpoch: up ? Math.floor(now / 1000) - t.seconds : undefined,
    bgpTimerLastRead: up ? Math.min(ms, 1000 * Math.floor(n.keepalive / 2)) : ms,
    bgpTimerLastWrite: up ? Math.min(ms, 1000 * Math.floor(n.keepalive / 2)) : ms,
    bgpInUpdateElapsedTimeMsecs: ms,
    bgpTimerConfiguredHoldTimeMsecs: n.holdTime * 1000,
    bgpTimerConfiguredKeepAliveIntervalMsecs: n.keepalive * 1000,
    bgpTimerHoldTimeMsecs: n.holdTime * 1000,
    bgpTimerKeepAliveIntervalMsecs: n.keepalive * 1000,
    bgpTcpMssConfigured: 0,
    bgpTcpMssSynced: up ? 8948 : 0,
    extendedOptionalParametersLength: false,
    bgpTimerConfiguredConditionalAdvertisementsSec: 60,
    neighborCapabilities: up ? capabilities(model, n) : undefined,
    gracefulRestartInfo: {
      endOfRibSend: up ? { ipv4Unicast: true } : {},
      endOfRibRecv: up ? { ipv4Unicast: true } : {},
      localGrMode: 'Helper*',
      remoteGrMode: up ? 'Restart' : 'NotApplicable',
      rBit: false,
      nBit: false,
      timers: { configuredRestartTimer: 120, configuredLlgrStaleTime: 0, receivedRestartTimer: up ? 120 : 0 },
    },
    messageStats: {
      depthInq: 0,
      depthOutq: 0,
      opensSent: sent.open,
      opensRecv: rcvd.open,
      notificationsSent: 0,
      notificationsRecv: 0,
      updatesSent: sent.update,
      updatesRecv: rcvd.update,
      keepalivesSent: sent.keepalive,
      keepalivesRecv: rcvd.keepalive,
      routeRefreshSent: 0,
      routeRefreshRecv: 0,
      capabilitySent: 0,
      capabilityRecv: 0,
      totalSent: n.msgSent,
      totalRecv: n.msgRcvd,
    },
    minBtwnAdvertisementRunsTimerMsecs: 0,
    addressFamilyInfo: {
      ipv4Unicast: up
        ? { updateGroupId: 1, subGroupId: 1, packetQueueLength: 0, commAttriSentToNbr: 'extendedAndStandard', acceptedPrefixCounter: n.prefixesReceived, sentPrefixCounter: n.prefixesSent }
        : { commAttriSentToNbr: 'extendedAndStandard', acceptedPrefixCounter: 0 },
    },
    connectionsEstablished: n.connectionsEstablished,
    connectionsDropped: n.connectionsDropped,
    lastResetTimerMsecs: ms,
    lastResetDueTo: dropped ? 'BGP Notification received' : 'Waiting for peer OPEN',
    lastResetCode: dropped ? 13 : 32,
    softwareVersion: 'n/a',
    externalBgpNbrMaxHopsAway: ebgp ? 1 : undefined,
    ...(up
      ? { hostLocal: model.routerId, portLocal: 179, hostForeign: n.peerAddress, portForeign: foreignPort(n.peerAddress), nexthop: model.routerId, nexthopGlobal: '::', nexthopLocal: '::', bgpConnection: 'sharedNetwork' }
      : {}),
    connectRetryTimer: 120,
    estimatedRttInMsecs: up ? 1 : undefined,
    nextConnectTimerDueInMsecs: up ? undefined : 120_000 - (ms % 120_000),
    readThread: up ? 'on' : 'off',
    writeThread: up ? 'on' : 'off',
  };
}

function capabilities(model: RouterModel, n: RouterNeighbor): JsonC {
  return {
    '4byteAs': 'advertisedAndReceived',
    extendedMessage: 'advertised',
    addPath: { ipv4Unicast: { rxAdvertised: true } },
    longLivedGracefulRestart: 'advertised',
    routeRefresh: 'advertisedAndReceived',
    enhancedRouteRefresh: 'advertised',
    multiprotocolExtensions: { ipv4Unicast: { advertisedAndReceived: true } },
    hostName: { advHostName: model.hostname, advDomainName: 'n/a', rcvHostName: n.hostname ?? 'n/a', rcvDomainName: 'n/a' },
    softwareVersion: {},
    gracefulRestart: 'advertisedAndReceived',
    gracefulRestartRemoteTimerMsecs: 120_000,
    addressFamiliesByPeer: 'none',
  };
}

/** A stable ephemeral port per peer (the node opened the TCP session). */
function foreignPort(address: string): number {
  let h = 0;
  for (const ch of address) h = (h * 31 + ch.charCodeAt(0)) % 28_000;
  return 32_768 + h;
}
