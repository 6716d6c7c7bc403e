// An unreadable line in the middle of a log is a gap: the checker judges nothing across it, and says so in notes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkRun, renderCheck } from '../../src/analysis/check-run.js';
import { runScript, tempDir } from '../helpers/cli.js';

const t = (s: number) => new Date(Date.UTC(2026, 0, 1) + s * 1000).toISOString();
const line = (r: object) => JSON.stringify(r);
const start = (machine: number, peers: number[], rate = 1, incarnation?: number, s = 0) =>
  line({ time: t(s), machine, event: 'start', clock: 0, rate, peers, internalProbability: 0.5, seed: 1, ...(incarnation ? { incarnation } : {}) });
const internal = (machine: number, s: number, tick: number, clock: number) => line({ time: t(s), machine, event: 'internal', clock, tick, queue: 0 });
const send = (machine: number, s: number, tick: number, clock: number, to: number[]) =>
  line({ time: t(s), machine, event: 'send', clock, tick, to, dropped: [], queue: 0 });
const receive = (machine: number, s: number, tick: number, clock: number, from: number, msgClock: number) =>
  line({ time: t(s), machine, event: 'receive', clock, tick, from, msgClock, queue: 0 });
const stop = (machine: number, s: number, ticks: number, clock: number, tickingMs?: number) =>
  line({ time: t(s), machine, event: 'stop', clock, ticks, queue: 0, maxLagMs: 0, ...(tickingMs === undefined ? {} : { tickingMs }) });
/** What a torn write or a hand edit leaves: a line that is not a record. */
const GARBAGE = '{"time":"2026-01-01T00:00:0';

/** A run folder (no run.json) with these machine logs, one line each; returns the folder and the log paths. */
function runFolder(logs: Record<number, string[]>): { dir: string; file: (id: number) => string } {
  const dir = tempDir('lamport-gaps-');
  const file = (id: number) => join(dir, `machine-${id}.jsonl`);
  for (const [id, lines] of Object.entries(logs)) writeFileSync(file(Number(id)), `${lines.join('\n')}\n`);
  return { dir, file };
}

/** Machine 2 of the two-machine runs: five internal ticks at 1/s, nothing sent. */
const quiet = [start(2, [1]), ...[1, 2, 3, 4, 5].map((k) => internal(2, k, k, k)), stop(2, 5.5, 5, 5, 5000)];

describe('unreadable lines in the middle of a log', () => {
  test('a gap followed by a clock jump: the clock and tick after it are a new baseline, not violations', async () => {
    // Line 4 was machine 1's receive of a message with clock 50 from an unknown sender: its clock jumped to 51.
    const m1 = (gap: string[]) => [start(1, [2]), internal(1, 1, 1, 1), internal(1, 2, 2, 2), ...gap, internal(1, 4, 4, 52), internal(1, 5, 5, 53), stop(1, 5.5, 5, 53, 5000)];
    const { dir, file } = runFolder({ 1: m1([GARBAGE]), 2: quiet });
    const result = await checkRun(dir);
    expect(result.counts).toEqual({ readable: 1 });
    expect(result.violations[0]!.records.map((r) => `${r.file}:${r.line}`)).toEqual([`${file(1)}:4`]);
    expect(result.notes).toContain(`tick-rate not checked for machine 1: its ticks cannot be counted across its unreadable lines (latest ${file(1)}:4)`);
    expect(result.crashed).toEqual([]);
    // Machine 2's tick rate was still judged; conservation cannot be with a record missing.
    expect(result.unchecked).toEqual(['conservation']);

    // The same log with the line gone instead of unreadable: the jump is a violation, as it should be.
    const { dir: without } = runFolder({ 1: m1([]), 2: quiet });
    expect((await checkRun(without)).counts).toEqual({ 'tick-numbering': 1, 'clock-increment': 1 });
  });

  test('a line of an unknown event kind is counted once: one readable violation and one problem, not a record', async () => {
    const unknown = line({ time: t(2.5), machine: 1, event: 'teleport', clock: 3, tick: 3, queue: 0 });
    const m1 = [start(1, [2]), internal(1, 1, 1, 1), internal(1, 2, 2, 2), unknown, internal(1, 3, 3, 3), stop(1, 3.5, 3, 3, 3000)];
    const { dir, file } = runFolder({ 1: m1, 2: quiet });
    const result = await checkRun(dir);
    // 13 lines, one of them unreadable: 12 records.
    expect(result.records).toBe(12);
    expect(result.counts).toEqual({ readable: 1 });
    expect(result.problems.map((p) => [p.kind, p.line, p.message])).toEqual([['invalid', 4, 'unknown event "teleport"; line skipped']]);
    const text = renderCheck(result);
    expect(text.split('\n')[0]).toBe(`Checked ${dir}: 12 records from 2 machine logs (1, 2)`);
    expect(text).toContain(`readable:\n  - unknown event "teleport"; line skipped\n      ${file(1)}:4  ${unknown}\n\n`);
    expect(text).toContain('FAILED: 1 violation.');
  });

  test('a gap, then a restart: not a crash, and the note names the latest unreadable line', async () => {
    const m1 = (gap: string[]) => [
      start(1, [2]),
      internal(1, 1, 1, 1),
      internal(1, 2, 2, 2),
      ...gap,
      start(1, [2], 1, 2, 3),
      internal(1, 4, 1, 1),
      internal(1, 5, 2, 2),
      stop(1, 5.5, 2, 2),
    ];
    const { dir, file } = runFolder({ 1: m1([GARBAGE, GARBAGE]), 2: quiet });
    const result = await checkRun(dir);
    expect(result.counts).toEqual({ readable: 2 });
    expect(result.crashed).toEqual([]);
    expect(result.notes).toContain(
      `machine 1 restarted (incarnation 2) with no stop record read before it, after unreadable lines (latest ${file(1)}:5): ` +
        'its stop record may be among them, so this is not reported as a crash',
    );
    expect(renderCheck(result)).not.toContain('crashed');

    // Without the unreadable lines, a restart with no stop record before it is a crash.
    const { dir: clean } = runFolder({ 1: m1([]), 2: quiet });
    expect((await checkRun(clean)).crashed.map((c) => c.message)).toEqual(["machine 1's incarnation 1 ended without a stop record (crashed or killed), then it restarted as incarnation 2"]);
  });

  test('unreadable lines after the last record and no stop record: a note naming the latest, not a crash', async () => {
    const m1 = (tail: string[]) => [start(1, [2]), internal(1, 1, 1, 1), internal(1, 2, 2, 2), ...tail];
    // Machine 2 sends machine 1 a message it has not received by its last readable record: it may be in the gap.
    const m2 = [start(2, [1]), send(2, 1.5, 1, 1, [1]), ...[2, 3, 4, 5].map((k) => internal(2, k, k, k)), stop(2, 5.5, 5, 5, 5000)];
    const { dir, file } = runFolder({ 1: m1([GARBAGE, GARBAGE]), 2: m2 });
    const result = await checkRun(dir);
    expect(result.counts).toEqual({ readable: 2 });
    expect(result.crashed).toEqual([]);
    expect(result.lost).toEqual([]);
    expect(result.notes).toContain(
      `machine 1's log has no stop record after unreadable lines (latest ${file(1)}:5): its stop record may be among them, so this is not reported as a crash`,
    );
    expect(result.notes).toContain('conservation not checked: some records could not be read');

    const { dir: clean } = runFolder({ 1: m1([]), 2: m2 });
    const crashed = await checkRun(clean);
    expect(crashed.crashed.map((c) => c.machine)).toEqual([1]);
    expect(crashed.lost.map((l) => l.message)).toEqual(['1 message from machine 2 to machine 1 lost: machine 1 ended without a stop record (killed or crashed) before receiving it']);
  });

  test('links of a machine with a gap are not judged across it, and are again after its restart', async () => {
    // Machine 1's send with clock 2 (line 3) is unreadable: paired by count, machine 2's receives would be off by one.
    const m1 = [
      start(1, [2]),
      send(1, 1, 1, 1, [2]),
      GARBAGE,
      send(1, 3, 3, 3, [2]),
      stop(1, 3.5, 3, 3),
      start(1, [2], 1, 2, 4),
      send(1, 5, 1, 1, [2]),
      stop(1, 5.5, 1, 1),
    ];
    // After the restart machine 2 logs a wrong message clock (7, not 1): that is judged again.
    const m2 = [
      start(2, [1]),
      receive(2, 1.1, 1, 2, 1, 1),
      receive(2, 2.1, 2, 3, 1, 2),
      receive(2, 3.1, 3, 4, 1, 3),
      receive(2, 5.1, 4, 8, 1, 7),
      stop(2, 6, 4, 8),
    ];
    const { dir, file } = runFolder({ 1: m1, 2: m2 });
    const result = await checkRun(dir);
    expect(result.counts).toEqual({ readable: 1, 'link-clock': 1 });
    // Judged for the other cases: the report says which machine's were not (the notes say where).
    expect(result.uncheckedFor).toEqual({ 'link-clock': [1], 'link-order': [1], 'tick-rate': [1] });
    const text = renderCheck(result);
    expect(text).toMatch(/^ {2}FAIL +link-clock +.* \(1 violation; not checked for machine 1: see notes\)$/m);
    expect(text).toMatch(/^ {2}ok +link-order +.* \(not checked for machine 1: see notes\)$/m);
    expect(text).toMatch(/^ {2}ok +tick-rate +.* \(not checked for machine 1: see notes\)$/m);
    const judged = result.violations.find((v) => v.rule === 'link-clock')!;
    expect(judged.message).toBe("receive #4 at machine 2 from machine 1 carries clock 7, but machine 1's send #3 to it had clock 1");
    expect(judged.records.map((r) => `${r.file}:${r.line}`)).toEqual([`${file(1)}:7`, `${file(2)}:5`]);
    expect(result.notes).toContain(
      `links to and from machine 1 not checked across its unreadable lines (latest ${file(1)}:3) up to its restart at ${file(1)}:6: ` +
        'a send or receive lost in them would pair the later ones wrongly',
    );
    expect(result.lost).toEqual([]);
  });

  test('a gap among the ticks of the only machine: tick-rate is a note, and `skip` in the report of the real CLI', async () => {
    // 10/s for 2 s of ticking: 20 ticks due; 5 of the lines are unreadable (a count of 15 would fail the rule).
    const ticks = Array.from({ length: 20 }, (_, i) => internal(1, 1 + i / 10, i + 1, i + 1));
    // Ticks 16-19 are unreadable lines (lines 17-20); tick 20 and the stop record come after them.
    const m1 = [start(1, [], 10), ...ticks.map((l, i) => (i + 1 >= 16 && i + 1 <= 19 ? GARBAGE : l)), stop(1, 3.05, 20, 20, 2000)];
    const { dir, file } = runFolder({ 1: m1 });
    const result = await checkRun(dir);
    expect(result.counts).toEqual({ readable: 4 });
    expect(result.notes).toContain(`tick-rate not checked for machine 1: its ticks cannot be counted across its unreadable lines (latest ${file(1)}:20)`);
    expect(result.unchecked).toEqual(['conservation', 'tick-rate']);
    // The outcome as JSON (a contract: fields are added, never renamed) carries the new field.
    expect(JSON.parse(JSON.stringify(result))).toMatchObject({ unchecked: ['conservation', 'tick-rate'], counts: { readable: 4 } });

    const cli = await runScript('check', [dir]);
    expect(cli.exitCode).toBe(1);
    expect(cli.stdout).toMatch(/^ {2}skip +tick-rate +run: tick counts match/m);
    expect(cli.stdout).toMatch(/^ {2}FAIL +readable /m);
    expect(cli.stdout).toMatch(/^ {2}ok +tick-numbering /m);
    expect(cli.stdout).toContain(`  - tick-rate not checked for machine 1: its ticks cannot be counted across its unreadable lines (latest ${file(1)}:20)`);
    expect(cli.stderr).toContain(`check: ${file(1)}:17: `);
    expect(cli.stderr).not.toMatch(/\n\s+at /);

    // The same ticks simply missing (no unreadable line): the rule is judged, and fails.
    const { dir: missing } = runFolder({ 1: m1.filter((l) => l !== GARBAGE) });
    const judged = await checkRun(missing);
    expect(judged.counts['tick-rate']).toBe(1);
    expect(judged.unchecked).toEqual([]);
  });

  test('a log with no readable line: not called crashed; with no readable line at all, every rule but readable is skipped', async () => {
    const { dir } = runFolder({ 1: [start(1, [2]), internal(1, 1, 1, 1), internal(1, 2, 2, 2), stop(1, 2.5, 2, 2, 2000)], 2: [GARBAGE, GARBAGE, GARBAGE] });
    const result = await checkRun(dir);
    expect(result.counts).toEqual({ readable: 3 });
    expect(result.crashed).toEqual([]);
    expect(result.notes).toEqual(['conservation not checked: some records could not be read', "machine 2's log has no readable record (see readable): no other rule is checked for it"]);
    // Judged for machine 1 only: `ok (not checked for machine 2 ...)`, not a bare `ok` as if machine 2 were checked.
    for (const rule of ['start-first', 'stop-last', 'tick-numbering', 'clock-increment', 'receive-clock', 'queue-empty', 'tick-rate'] as const) expect(result.uncheckedFor[rule]).toEqual([2]);
    expect(renderCheck(result)).toMatch(/^ {2}ok +receive-clock .*\(not checked for machine 2: see notes\)$/m);
    expect(renderCheck(result)).not.toMatch(/crash/);

    const { dir: nothing } = runFolder({ 1: [GARBAGE, GARBAGE] });
    const none = await checkRun(nothing);
    expect(none.records).toBe(0);
    expect(none.crashed).toEqual([]);
    expect(none.unchecked).toEqual(['start-first', 'stop-last', 'tick-numbering', 'clock-increment', 'receive-clock', 'queue-empty', 'link-clock', 'link-order', 'conservation', 'tick-rate']);
    const text = renderCheck(none);
    expect(text).toMatch(/^ {2}FAIL +readable /m);
    expect(text.match(/^ {2}skip /gm)).toHaveLength(10);
    expect(text).not.toMatch(/crash/);
  });

  test('a counterexample\'s line is shown with its control characters escaped, and cut after 300 characters', async () => {
    // A line of binary junk (a disk error, a file copied over the log), and a record carrying 1,000 characters more
    // than it needs (a tool's own field) whose tick is wrong.
    const junk = `\u001b[31m${'x'.repeat(995)}`;
    const long = line({ time: t(2), machine: 1, event: 'internal', clock: 2, tick: 7, queue: 0, note: 'y'.repeat(1000) });
    const m1 = [start(1, [2]), internal(1, 1, 1, 1), junk, long, stop(1, 2.5, 2, 2, 2000)];
    const { dir, file } = runFolder({ 1: m1, 2: quiet });
    const result = await checkRun(dir);
    expect(result.counts).toMatchObject({ readable: 1, 'tick-numbering': 1 });
    const lines = renderCheck(result).split('\n');
    expect(lines.find((l) => l.includes(`${file(1)}:3`))).toBe(`      ${file(1)}:3  \\u001b[31m${'x'.repeat(195)}`);
    // The result keeps the record's line whole (check --json has it all); the report shows its first 300 characters.
    expect(result.violations.find((v) => v.rule === 'tick-numbering')!.records.map((r) => r.text)).toContain(long);
    expect(lines.find((l) => l.includes(`${file(1)}:4`))).toBe(`      ${file(1)}:4  ${long.slice(0, 300)} ... (${(long.length - 300).toLocaleString('en-US')} more characters)`);
  });
});
