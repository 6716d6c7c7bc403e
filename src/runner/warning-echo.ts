// start-all's echo of its machines' warnings on its console: the first of each kind from each machine process (the
// machines run --quiet, and every warning stays in their logs).

/**
 * A warning's kind: its text less numbers and quoted text, so that a malformed frame from one port and another from a
 * second port are one kind, while `not connected to 3 ...` and `no connection from 3 ...` are two.
 */
export function warningKind(reason: string): string {
  return reason.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\d+/g, '#');
}

export class WarningEcho {
  private readonly seen = new Set<string>();

  constructor(private readonly say: (line: string) => void) {}

  /** A warning from the process `incarnation` of machine `id`: said if it is the first of its kind from that process. */
  warned(id: number, incarnation: number, reason: string): void {
    const key = `${id}.${incarnation} ${warningKind(reason)}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.say(`M${id} warning: ${reason}`);
  }
}
