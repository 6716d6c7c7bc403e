// Messages lost at the end of a run, per link and receiver incarnation: what a crash or a broken connection took.
//
// - A receiving incarnation that ended without a stop record (killed, crashed, or its log cut short): every send to
//   it that it never received is lost ("crash"), but for sends whose connection broke while it still ran (a link cut,
//   then a kill): those were lost to the break ("connection"). Receives are never lost.
// - Sends taken as lost while matching, because their connection broke (link-matcher.ts): lost ("connection").
// - A receiving incarnation that stopped cleanly: its unpaired sends are its end queue and the refused frames no
//   refusal record took out of the pairing (link-matcher.ts; all of them in logs older than those records); any more
//   than those are lost only when loss is tolerated and at most as many were made on connections that broke
//   afterwards (older epochs). Which of them were lost cannot be told apart from those queued, so the count goes to
//   the links in ascending sender order, each up to its own candidates; the evidence lists the candidates.
// Anything else is for the checker's conservation rule to judge. Machines without a start record (no log) are left out.
import type { IncarnationLink, LinkMatcher } from './link-matcher.js';

export interface LostOnLink<S> {
  from: number;
  to: number;
  /** The receiver's incarnation the messages were sent to. */
  incarnation: number;
  count: number;
  reason: 'crash' | 'connection';
  /**
   * For 'connection': true when no disconnect was logged after the sends, so the connection broke because its sender
   * ended without a stop record (killed or crashed, perhaps restarted) with them unsent or in flight. Absent otherwise.
   */
  senderEnded?: boolean;
  /** The first lost sends (for a clean incarnation: the first sends that may be the lost ones). */
  evidence: S[];
}

export interface IncarnationBalance {
  machine: number;
  incarnation: number;
  stopped: boolean;
  /** Sends to it (recipients in send records), and how many of them were lost. */
  sent: number;
  lost: number;
}

export interface LostMessages<S> {
  links: LostOnLink<S>[];
  incarnations: IncarnationBalance[];
  total: number;
}

const EVIDENCE = 3;

/** Settles what the matcher holds (non-destructive: the logs may still grow). `tolerateLoss`: see link-matcher.ts. */
export function settleLostMessages<S, R>(matcher: LinkMatcher<S, R>, tolerateLoss: boolean): LostMessages<S> {
  const byIncarnation = new Map<string, IncarnationLink<S, R>[]>();
  for (const link of matcher.all()) {
    if (!matcher.epochs.started(link.to)) continue;
    const key = `${link.to}#${link.incarnation}`;
    const list = byIncarnation.get(key);
    if (list) list.push(link);
    else byIncarnation.set(key, [link]);
  }
  const links: LostOnLink<S>[] = [];
  const incarnations: IncarnationBalance[] = [];
  const groups = [...byIncarnation.values()].map((list) => list.sort((a, b) => a.from - b.from));
  groups.sort((a, b) => a[0]!.to - b[0]!.to || a[0]!.incarnation - b[0]!.incarnation);
  for (const group of groups) {
    const { to, incarnation } = group[0]!;
    const end = matcher.epochs.end(to, incarnation);
    let lost = 0;
    let sent = 0;
    const add = (link: IncarnationLink<S, R>, count: number, reason: LostOnLink<S>['reason'], evidence: S[], senderEnded = false): void => {
      if (count <= 0) return;
      links.push({ from: link.from, to, incarnation, count, reason, ...(senderEnded ? { senderEnded } : {}), evidence });
      lost += count;
    };
    for (const link of group) {
      sent += link.sent;
      add(link, link.skipped, 'connection', link.skippedSends);
      if (!end.stopped) {
        // Sends whose connection broke while the receiver still ran were lost to the break, not to its later end.
        const broken = (s: { epoch: number }) => matcher.epochs.brokeWhileRunning(link.from, to, incarnation, s.epoch);
        let cut = 0;
        for (const s of link.sends) if (broken(s)) cut++;
        add(link, cut, 'connection', first(link, broken));
        add(link, link.sends.length - cut, 'crash', first(link, (s) => !broken(s)));
      }
    }
    if (end.stopped) {
      const unpaired = group.reduce((n, link) => n + link.sends.length, 0);
      const refusedPaired = group.reduce((n, link) => n + link.refused, 0);
      let rest = unpaired - (end.left - refusedPaired);
      if (tolerateLoss && rest > 0) {
        const candidates = group.map((link) => {
          const final = matcher.epochs.finalEpoch(link.from, to);
          const broken = (s: { epoch: number }) => s.epoch < final;
          // Broken by the sender's own end rather than a logged disconnect: said apart.
          const cut = (s: { epoch: number }) => broken(s) && matcher.epochs.brokeByDisconnect(link.from, to, s.epoch);
          const ended = (s: { epoch: number }) => broken(s) && !cut(s);
          let n = 0;
          let byCut = 0;
          for (const s of link.sends) {
            if (!broken(s)) continue;
            n++;
            if (cut(s)) byCut++;
          }
          return { link, n, byCut, evidence: first(link, cut), endedEvidence: first(link, ended) };
        });
        if (candidates.reduce((n, c) => n + c.n, 0) >= rest) {
          for (const c of candidates) {
            const count = Math.min(c.n, rest);
            // Which of the candidates were lost cannot be told: those of a logged cut first, as before.
            const byCut = Math.min(c.byCut, count);
            add(c.link, byCut, 'connection', c.evidence);
            add(c.link, count - byCut, 'connection', c.endedEvidence, true);
            rest -= count;
          }
        }
      }
    }
    incarnations.push({ machine: to, incarnation, stopped: end.stopped, sent, lost });
  }
  return { links, incarnations, total: links.reduce((n, l) => n + l.count, 0) };
}

function first<S, R>(link: IncarnationLink<S, R>, pick: (send: { epoch: number }) => boolean): S[] {
  const out: S[] = [];
  for (const s of link.sends) {
    if (out.length >= EVIDENCE) break;
    if (pick(s)) out.push(s.payload);
  }
  return out;
}
