import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEtcdAlarms, parseEtcdMembers, parseEtcdStatus } from '../talos/index.js';
import { chooseSnapshotMembers } from './member-choice.js';
import { planDefrag } from './defrag-plan.js';
import type { EtcdLook } from './model.js';
import { etcdFindings } from './rules.js';

const fx = (f: string) => readFileSync(new URL(`../../test/fixtures/etcd/${f}`, import.meta.url), 'utf8');
const GiB = 1024 ** 3;

/** A look built from recorded `etcd status` text, as observeEtcd merges it. */
function lookFrom(statusText: string, extra: Partial<EtcdLook> = {}): EtcdLook {
  const rows = parseEtcdStatus(statusText);
  const members = rows.map((r, i) => ({
    node: r.node, nodeName: `cp-0${i + 1}`, reachable: true, memberId: r.memberId, dbSize: r.dbSize, inUse: r.inUse, inUsePercent: r.inUsePercent,
    leaderId: r.leader, raftIndex: r.raftIndex, raftTerm: r.raftTerm, raftAppliedIndex: r.raftAppliedIndex, learner: r.learner,
    errors: r.errors, alarms: [] as string[], ...(r.protocol ? { protocol: r.protocol, storage: r.storage } : {}),
  }));
  const leaders = [...new Set(rows.map((r) => r.leader))];
  return {
    cluster: 'infra', at: 0, members,
    memberList: rows.map((r, i) => ({ node: r.node, id: r.memberId, hostname: `cp-0${i + 1}`, peerUrls: [], clientUrls: [], learner: r.learner })),
    memberListDisagree: [], alarms: [], leaders, leaderId: leaders.length === 1 ? leaders[0] : undefined, warnings: [], ...extra,
  };
}

const rules = (l: EtcdLook, prev?: EtcdLook) => etcdFindings(l, prev, { quotaBytes: 2 * GiB }).map((f) => `${f.severity} ${f.rule} ${f.subject}: ${f.what}`);

describe('etcd findings on recorded talosctl output', () => {
  it('the v1.12 docs cluster (PROTOCOL/STORAGE layout) is healthy', () => {
    const l = lookFrom(fx('etcd-status.txt'));
    expect(l.members[0]!.protocol).toBe('3.6.4');
    expect(rules(l)).toEqual([]);
  });

  it('the pre-v1.11 layout: in-use ratios under 50% suggest a defrag', () => {
    const l = lookFrom(fx('etcd-status-pre-v1.11.txt'));
    expect(l.members[0]!.protocol).toBeUndefined();
    expect(rules(l)).toEqual([
      'info etcd.defrag-suggested cp-01: etcd on cp-01 uses 29% of its DB file',
      'info etcd.defrag-suggested cp-02: etcd on cp-02 uses 26% of its DB file',
      'info etcd.defrag-suggested cp-03: etcd on cp-03 uses 30% of its DB file',
    ]);
  });

  it('a NOSPACE alarm from `etcd alarm list`, near the quota', () => {
    const l = lookFrom(fx('etcd-status.txt'), { alarms: parseEtcdAlarms(fx('etcd-alarm-list.txt')) });
    l.members[2]!.dbSize = 2.05e9;
    expect(rules(l)).toEqual([
      'critical etcd.db-near-quota cp-03: etcd DB on cp-03 is 95% of its quota',
      'warning etcd.defrag-suggested cp-03: etcd on cp-03 uses 0% of its DB file',
      'critical etcd.alarm etcd: etcd alarm NOSPACE on 1 member',
    ]);
    expect(() => chooseSnapshotMembers(l)).toThrow(/etcd alarm NOSPACE is active; no snapshot taken/);
  });

  it('a member down, no leader, leaders disagree, lag, learner, member count', () => {
    const l = lookFrom(fx('etcd-status.txt'));
    Object.assign(l.members[0]!, { reachable: false, error: 'connection refused', service: { state: 'Failed', health: 'Fail' } });
    l.members[1]!.raftAppliedIndex = 1000;
    expect(rules(l)).toEqual([
      'warning etcd.member-down cp-01: etcd on cp-01 (172.20.0.4) does not answer',
      'warning etcd.raft-lag cp-02: etcd on cp-02 is 3703 raft entries behind',
    ]);
    const extra = lookFrom(fx('etcd-status.txt'));
    extra.members[1]!.learner = true;
    extra.memberList.push({ node: '', id: 'ffff', hostname: 'old-cp', peerUrls: [], clientUrls: [], learner: false });
    expect(rules(extra)).toEqual([
      'warning etcd.learner cp-02: etcd on cp-02 is a learner',
      'warning etcd.member-count etcd: 4 etcd members for 3 control-plane nodes',
    ]);
    const split = lookFrom(fx('etcd-status.txt'));
    split.members[1]!.leaderId = '912415ee6ed360c4';
    split.leaders = ['912415ee6ed360c4', 'a49c021e76e707db'];
    split.leaderId = undefined;
    expect(rules(split)).toEqual(['critical etcd.leaders-disagree etcd: members disagree on the etcd leader']);
    const none = lookFrom(fx('etcd-status.txt'), { leaders: [], leaderId: undefined });
    expect(rules(none)).toEqual(['critical etcd.no-leader etcd: etcd of infra has no leader']);
  });

  it('quorum lost makes a dead member critical', () => {
    const l = lookFrom(fx('etcd-status.txt'));
    for (const m of l.members.slice(0, 2)) Object.assign(m, { reachable: false, error: 'no route to host' });
    expect(rules(l).filter((r) => r.includes('member-down'))).toEqual([
      'critical etcd.member-down cp-01: etcd on cp-01 (172.20.0.4) does not answer',
      'critical etcd.member-down cp-02: etcd on cp-02 (172.20.0.3) does not answer',
    ]);
  });

  it('revision or raft index going down between two looks', () => {
    const before = lookFrom(fx('etcd-status.txt'), { revision: 4193 });
    const after = lookFrom(fx('etcd-status.txt'), { revision: 4100 });
    after.members[1]!.raftIndex = 12;
    expect(rules(after, before)).toEqual([
      'critical etcd.revision-went-down etcd: etcd revision went down from 4193 to 4100',
      'critical etcd.revision-went-down cp-02: raft index of cp-02 went down from 4703 to 12',
    ]);
    expect(rules(before, after).filter((r) => r.includes('went-down'))).toEqual([]);
  });

  it('a whole-cluster failure is one finding', () => {
    expect(rules({ ...lookFrom(fx('etcd-status.txt')), error: 'talosctl etcd status: connection refused' })).toEqual(['critical etcd.unreachable etcd: cannot query etcd of infra']);
  });

  it('members from `etcd members`: each node prints its own view; parsed as the talos room does', () => {
    const rows = parseEtcdMembers(fx('etcd-members.txt'));
    expect(new Set(rows.map((r) => r.node)).size).toBe(3);
  });
});

describe('snapshot member choice', () => {
  it('followers first, most caught-up first, the leader last', () => {
    const l = lookFrom(fx('etcd-status.txt'));
    l.members[0]!.raftAppliedIndex = 4700;
    const c = chooseSnapshotMembers(l);
    expect(c.order.map((m) => m.nodeName)).toEqual(['cp-02', 'cp-01', 'cp-03']);
  });

  it('skips learners, lagging, erroring and dead members, with reasons', () => {
    const l = lookFrom(fx('etcd-status.txt'));
    l.members[0]!.learner = true;
    l.members[1]!.raftAppliedIndex = 1;
    const c = chooseSnapshotMembers(l);
    expect(c.order.map((m) => m.nodeName)).toEqual(['cp-03']);
    expect(c.skipped.map((s) => `${s.member.nodeName} ${s.reason}`)).toEqual(['cp-01 is a learner', 'cp-02 is 4702 raft entries behind']);
    l.members[2]!.reachable = false;
    expect(() => chooseSnapshotMembers(l)).toThrow(/no etcd member fit to snapshot from: cp-01 is a learner; cp-02 is 4702 raft entries behind; cp-03 does not answer/);
  });

  it('a CORRUPT alarm in the ERRORS column refuses (exit 5)', () => {
    const l = lookFrom(fx('etcd-status.txt'));
    l.members[1]!.errors = ['memberID:10501334649042878790 alarm:CORRUPT '];
    let err: unknown;
    try {
      chooseSnapshotMembers(l);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ name: 'GateRefused', exitCode: 5 });
  });
});

describe('defrag plan', () => {
  const old = () => lookFrom(fx('etcd-status-pre-v1.11.txt'));
  it('all members: followers first (least in use first), leader last', () => {
    expect(planDefrag(old(), []).map((s) => `${s.member.nodeName}${s.isLeader ? '*' : ''}`)).toEqual(['cp-02', 'cp-03', 'cp-01*']);
  });
  it('refuses the leader first while a follower needs it, and names the followers', () => {
    expect(() => planDefrag(old(), ['cp-01'])).toThrow(/cp-01 is the etcd leader and cp-02, cp-03 still need a defrag; the leader goes last/);
    const done = old();
    for (const m of done.members.slice(1)) m.inUse = m.dbSize;
    expect(planDefrag(done, ['cp-01']).map((s) => s.member.nodeName)).toEqual(['cp-01']);
  });
  it('refuses while a member is down, or without a leader; unknown node is a usage error', () => {
    const down = old();
    down.members[2]!.reachable = false;
    expect(() => planDefrag(down, ['cp-02'])).toThrow(/etcd on cp-03 does not answer; defragmenting another member now could cost quorum/);
    expect(() => planDefrag({ ...old(), leaderId: undefined, leaders: [] }, [])).toThrow(/no agreed leader/);
    expect(() => planDefrag(old(), ['apps-01'])).toThrow(/"apps-01" is not a control-plane node/);
  });
});
