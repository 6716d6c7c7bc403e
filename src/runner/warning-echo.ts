// start-all's echo of its machines' warnings on its console: the first of each kind from each machine process (the
// machines run --quiet, and every warning stays in their logs), and past a few machines of one kind, one line for the rest.
import { machinesText } from '../text/id-list.js';

/**
 * A warning's kind: its text less numbers, id lists and quoted text, so that a malformed frame from one port and
 * another from a second port are one kind, and so are `no connection from 1-16, 18-47`, `no connection from 3` and a
 * list cut short (`1, 3, 5, ... (35 in all)`),
 * while `not connected to 3 ...` and `no connection from 3 ...` are two.
 */
export function warningKind(reason: string): string {
  return reason
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\d+/g, '#')
    .replace(/#(?:-#)?(?:, #(?:-#)?)*(?:, \.\.\. \(# in all\))?/g, '#');
}

/** Machines whose warning of one kind is printed each; from the next one on they are counted into one line. */
export const SHOWN_PER_KIND = 5;
/**
 * How long after the last counted warning their line comes: a mesh's machines warn within moments of each other, or,
 * started a stagger apart, a tenth of a second or so apart for as long as they start.
 */
const FOLD_WAIT_MS = 3000;

export class WarningEcho {
  private readonly seen = new Set<string>();
  private readonly shown = new Map<string, number>();
  /** Per kind, the machines counted since their last line, and the first of their warnings. */
  private readonly folded = new Map<string, { ids: number[]; first: { id: number; reason: string } }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly say: (line: string) => void) {}

  /**
   * A warning from the process `incarnation` of machine `id`: said if it is the first of its kind from that process,
   * and one of the first SHOWN_PER_KIND of its kind; later ones are counted into one line, said a moment after the
   * last of them (or at flush()): at 500 machines, one line instead of hundreds.
   */
  warned(id: number, incarnation: number, reason: string): void {
    const kind = warningKind(reason);
    const key = `${id}.${incarnation} ${kind}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const shown = this.shown.get(kind) ?? 0;
    if (shown < SHOWN_PER_KIND) {
      this.shown.set(kind, shown + 1);
      this.say(`M${id} warning: ${reason}`);
      return;
    }
    const fold = this.folded.get(kind);
    if (fold) fold.ids.push(id);
    else this.folded.set(kind, { ids: [id], first: { id, reason } });
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), FOLD_WAIT_MS);
    this.timer.unref();
  }

  /** Says the counted warnings now (the run is ending: before its summary). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const { ids, first } of this.folded.values()) {
      const like = ids.length === 1 ? '' : `, such as M${first.id}'s`;
      this.say(`the same warning from ${machinesText(ids)} (each in its log${like}: ${first.reason})`);
    }
    this.folded.clear();
  }
}
