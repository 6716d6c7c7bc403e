// Reading logs: line parsing and validation, ISO times, line batches, and the time-ordered merge of machines.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { LineBatches, BATCH_LINES, batchLinesFor, type Line } from '../../src/analysis/line-batches.js';
import { IsoTimeParser, parseRecordLine } from '../../src/analysis/parse-record.js';
import type { InputProblem } from '../../src/analysis/problems.js';
import { mergeByTime, readMachineLog, type LocatedRecord } from '../../src/analysis/record-stream.js';
import type { CoreRecord } from '../../src/core/records.js';
import { tempDir } from '../helpers/cli.js';

async function* batches(items: LocatedRecord[][]): AsyncGenerator<LocatedRecord[]> {
  for (const batch of items) yield batch;
}

describe('parseRecordLine', () => {
  test('turns ISO time into epoch ms and keeps the other fields', () => {
    const record = parseRecordLine('{"time":"2026-01-01T00:00:01.250Z","machine":2,"event":"internal","clock":3,"tick":3,"queue":0}', 2);
    expect(record).toEqual({ time: Date.parse('2026-01-01T00:00:01.250Z'), machine: 2, event: 'internal', clock: 3, tick: 3, queue: 0 });
  });

  test('reads a start record whose incarnation is a whole number from 1, or left out, or null (read as the first)', () => {
    for (const incarnation of ['', ',"incarnation":2', ',"incarnation":null']) {
      const record = parseRecordLine(`{"time":"2026-01-01T00:00:01.250Z","machine":2,"event":"start","rate":1,"peers":[1]${incarnation}}`, 2);
      expect(record).toMatchObject({ event: 'start', rate: 1 });
    }
  });

  test.each([
    ['{"time":', 'not valid JSON'],
    // Python's str(record) instead of json.dumps(record): single quotes, said as such (after spaces too).
    ["{'time': '2026-01-01T00:00:01.250Z', 'machine': 2, 'event': 'internal', 'clock': 3, 'tick': 3, 'queue': 0}", "not valid JSON (single quotes: Python's str() of a dict? write json.dumps(record))"],
    ["  {'time': '2026-01-01T00:00:01.250Z'}", "not valid JSON (single quotes: Python's str() of a dict? write json.dumps(record))"],
    // Single quotes further in are not a dict's str(): the plain reason.
    [`{"time": '2026-01-01T00:00:01.250Z'}`, 'not valid JSON'],
    ['[1,2]', 'not a JSON object'],
    ['{"time":"2026-01-01T00:00:01.250Z","machine":2,"event":"jump"}', 'unknown event "jump"'],
    ['{"time":"2026-01-01T00:00:01.250Z","machine":2,"x":"y"}', "no 'event' field"],
    ['{"time":"2026-01-01T00:00:01.250Z","machine":2,"event":null}', 'unknown event null'],
    ['{"time":"yesterday","machine":2,"event":"warn","reason":"x"}', `'time' is not an ISO-8601 time: "yesterday"`],
    ['{"machine":2,"event":"warn","reason":"x"}', "no 'time' field"],
    ['{"time":"2026-01-01T00:00:01.250Z","machine":2,"event":"internal","clock":1152921504606846976,"tick":3,"queue":0}', "internal record: 'clock' should be a whole number >= 0, is 1152921504606847000 (too large to be exact: over 2^53 - 1)"],
    ['{"time":"2026-01-01T00:00:01.250Z","machine":3,"event":"warn","reason":"x"}', "'machine' is 3 in the log of machine 2"],
    ['{"time":"2026-01-01T00:00:01.250Z","machine":2,"event":"send","clock":3,"tick":3,"to":"1","queue":0}', `send record: 'to' should be a list of machine ids (numbers), is the string "1"`],
    ['{"time":"2026-01-01T00:00:01.250Z","machine":"2","event":"warn","reason":"x"}', `'machine' should be a number, is the string "2"`],
    ['{"time":"2026-01-01T00:00:01.250Z","event":"warn","reason":"x"}', "no 'machine' field"],
    ['{"time":"2026-01-01T00:00:01.250Z","machine":2,"event":"internal","clock":"3","tick":3,"queue":0}', `internal record: 'clock' should be a whole number >= 0, is the string "3"`],
    ['{"time":"2026-01-01T00:00:01.250Z","machine":2,"event":"receive","clock":3,"tick":3,"from":"1","msgClock":2,"queue":0}', `receive record: 'from' should be a machine id (a number) or null, is the string "1"`],
    ['{"time":"2026-01-01T00:00:01.250Z","machine":2,"event":"start","rate":1,"peers":["1","3"]}', `start record: 'peers' should be a list of machine ids (numbers), is ["1","3"]`],
    // A restart's incarnation counts from 1 and keys the checker's maps: "3" or 1.5 would make an incarnation of its own.
    ['{"time":"2026-01-01T00:00:01.250Z","machine":2,"event":"start","rate":1,"peers":[1],"incarnation":"3"}', `start record: 'incarnation' should be a whole number > 0, is the string "3"`],
    ['{"time":"2026-01-01T00:00:01.250Z","machine":2,"event":"start","rate":1,"peers":[1],"incarnation":0}', "start record: 'incarnation' should be a whole number > 0, is 0"],
    ['{"time":"2026-01-01T00:00:01.250Z","machine":2,"event":"start","rate":1,"peers":[1],"incarnation":1.5}', "start record: 'incarnation' should be a whole number > 0, is 1.5"],
    ['{"time":"2026-01-01T00:00:01.250Z","machine":2,"event":"connect","peer":"1"}', `connect record: 'peer' should be a whole number >= 0, is the string "1"`],
    ['{"time":"2026-01-01T00:00:01.250Z","machine":2,"event":"receive","clock":3,"tick":3,"from":1,"msgClock":-1,"queue":0}', "receive record: 'msgClock' should be a whole number >= 0, is -1"],
    ['{"time":"2026-01-01T00:00:01.250Z","machine":2,"event":"warn","reason":"x","from":1,"msgClock":4,"refused":0}', "warn record: 'refused' should be a whole number > 0, is 0"],
    ['{"time":"2026-01-01T00:00:01.250Z","machine":2,"event":"warn","reason":"x","from":1,"refused":2}', "warn record: no 'msgClock' field (it should be a whole number >= 0)"],
  ])('%s -> %s', (line, reason) => {
    expect(parseRecordLine(line, 2)).toBe(reason);
  });

  test.each([
    ['2026-12-04T09:00:01.234', 'Python datetime.isoformat() of a naive time'],
    ['2026-12-04 09:00:01.234', "the .log format's time"],
    ['2026-12-04T09:00:01', 'whole seconds, no zone'],
  ])('a time without a zone (%s, %s) is refused: Date.parse would read it as the host local time', (time) => {
    expect(parseRecordLine(`{"time":"${time}","machine":2,"event":"warn","reason":"x"}`, 2)).toBe(
      `'time' has no time zone: "${time}" (write UTC with a Z, e.g. 2026-12-04T09:00:01.234Z)`,
    );
  });

  test.each(['2026-12-04T09:00:01.234Z', '2026-12-04T09:00:01.234000+00:00', '2026-12-04T04:00:01.234-05:00', '2026-12-04T09:00:01.234+0000', '2026-12-04T09:00:01.234z'])(
    'a time with a zone is read as that instant: %s',
    (time) => {
      expect(parseRecordLine(`{"time":"${time}","machine":2,"event":"warn","reason":"x"}`, 2, new IsoTimeParser())).toMatchObject({ time: Date.parse('2026-12-04T09:00:01.234Z') });
    },
  );

  test('the time parser notes a time with no fraction of a second', () => {
    const times = new IsoTimeParser();
    for (const [time, whole] of [['2026-12-04T09:00:01Z', true], ['2026-12-04T09:00:01.234Z', false], ['2026-12-04T09:00:01+00:00', true], ['2026-12-04T09:00:01.5+00:00', false]] as const) {
      times.parse(time);
      expect([time, times.lastWholeSeconds]).toEqual([time, whole]);
    }
  });

  test.each(['1Z', '01/02/2026 10:00:00.000Z', '2026-02-30T00:00:00.333Z', '2026-01-01T24:00:00.000Z', 'Thu, 01 Jan 2026 00:00:00 GMT'])(
    'a time Date.parse reads but that is no ISO-8601 instant (%s) is refused, not read as another day',
    (time) => {
      expect(parseRecordLine(`{"time":"${time}","machine":2,"event":"warn","reason":"x"}`, 2, new IsoTimeParser())).toBe(`'time' is not an ISO-8601 time: "${time}"`);
    },
  );

  test('a send whose `dropped` is not a list of ids is refused, as one whose `to` is not', () => {
    const send = (dropped: string) => `{"time":"2026-01-01T00:00:01.250Z","machine":2,"event":"send","clock":3,"tick":3,"to":[1],"queue":0,"dropped":${dropped}}`;
    expect(parseRecordLine(send('["x",{}]'), 2)).toBe(`send record: 'dropped' should be a list of machine ids (numbers), is ["x",{}]`);
    expect(parseRecordLine(send('"abc"'), 2)).toBe(`send record: 'dropped' should be a list of machine ids (numbers), is the string "abc"`);
    expect(parseRecordLine(send('[3]'), 2)).toMatchObject({ dropped: [3] });
    expect(parseRecordLine(send('null'), 2)).toMatchObject({ dropped: [] });
  });

  test('a send without `dropped` gets an empty list', () => {
    const record = parseRecordLine('{"time":"2026-01-01T00:00:01.250Z","machine":2,"event":"send","clock":3,"tick":3,"to":[1],"queue":0}', 2);
    expect(record).toMatchObject({ to: [1], dropped: [] });
  });
});

describe('IsoTimeParser', () => {
  test('agrees with Date.parse on log times, other ISO forms and rubbish', () => {
    const parser = new IsoTimeParser();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), (ms) => {
        const text = new Date(ms).toISOString();
        expect(parser.parse(text)).toBe(ms);
      }),
    );
    for (const text of ['2026-01-01T00:00:01Z', '+010000-01-01T00:00:00.000Z', '2026-01-01T00:00:01.2Z', '2026-13-01T00:00:01.250Z', '2026-01-01T00:00:01.2x0Z', '2026-01-01T00:00:01.250+01:00', '']) {
      expect(parser.parse(text)).toEqual(Date.parse(text));
    }
  });
});

describe('LineBatches and readMachineLog', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('lamport-lines-');
  });
  afterAll(() => rmSync(dir, { recursive: true }));

  test.each([
    ['the usual batches', undefined, BATCH_LINES * 3 + 17],
    ['the smaller batches of a run with many logs', batchLinesFor(1000), 5_000],
  ])('hands over every line in order, in several batches (%s)', async (_name, batchLines, count) => {
    const file = join(dir, 'lines.txt');
    writeFileSync(file, Array.from({ length: count }, (_, i) => `line ${i}`).join('\n') + '\n');
    const lines = new LineBatches(file, batchLines);
    const seen: Line[] = [];
    let batches = 0;
    for (let batch = await lines.next(); batch; batch = await lines.next()) {
      batches++;
      seen.push(...batch);
    }
    lines.close();
    expect(seen).toEqual(Array.from({ length: count }, (_, i) => `line ${i}`));
    expect(batches).toBeGreaterThanOrEqual(2);
  });

  test('many logs read at once get smaller batches, a few the usual ones', () => {
    expect(batchLinesFor(3)).toBe(BATCH_LINES);
    expect(batchLinesFor(1000)).toBeLessThan(BATCH_LINES / 10);
    expect(batchLinesFor(100_000)).toBeGreaterThan(0);
  });

  test('a file that cannot be opened throws from next()', async () => {
    const lines = new LineBatches(join(dir, 'absent.txt'));
    await expect(lines.next()).rejects.toMatchObject({ code: 'ENOENT' });
    lines.close();
  });

  const readAll = async (lines: LineBatches): Promise<Line[]> => {
    const seen: Line[] = [];
    for (let batch = await lines.next(); batch; batch = await lines.next()) seen.push(...batch);
    lines.close();
    return seen;
  };

  test('splits as readline did: CRLF is one break, a last line without a newline counts, a character split across reads is whole', async () => {
    const file = join(dir, 'split.txt');
    // 16 KiB reads (the smallest): after the 8 bytes of the first lines, the 'é' (two bytes) straddles the first read's end.
    const long = 'x'.repeat(16 * 1024 - 8 - 1) + 'é';
    writeFileSync(file, `a\r\n\nb\rc\n${long}\nlast`);
    expect(await readAll(new LineBatches(file, 64))).toEqual(['a', '', 'b\rc', long, 'last']);
    writeFileSync(file, '');
    expect(await readAll(new LineBatches(file))).toEqual([]);
  });

  test('a line over the limit is not held: handed over as its size and start, the lines around it as usual', async () => {
    const file = join(dir, 'long.txt');
    const huge = `{"x":"${'é'.repeat(300_000)}"}`; // 600 kB across many reads, more than a limit of 100 k characters
    writeFileSync(file, `first\n${huge}\r\nthird\n${'y'.repeat(100_001)}`);
    expect(await readAll(new LineBatches(file, 64, 100_000))).toEqual([
      'first',
      { bytes: Buffer.byteLength(huge) + 1, head: huge.slice(0, 200) },
      'third',
      { bytes: 100_001, head: 'y'.repeat(200) },
    ]);
    // At the limit, a line is kept.
    writeFileSync(file, `${'z'.repeat(100_000)}\n`);
    expect(await readAll(new LineBatches(file, 64, 100_000))).toEqual(['z'.repeat(100_000)]);
  });

  test('readMachineLog names a line over a MB by its number and size, without parsing it, and reads on', async () => {
    const file = join(dir, 'machine-1.jsonl');
    const good = (tick: number) => JSON.stringify({ time: new Date(Date.UTC(2026, 0, 1) + tick).toISOString(), machine: 1, event: 'internal', clock: tick, tick, queue: 0 });
    writeFileSync(file, [good(1), `{"event":"${'a'.repeat(3_000_000)}"}`, good(2)].join('\n') + '\n');
    const problems: InputProblem[] = [];
    const records: LocatedRecord[] = [];
    for await (const batch of readMachineLog({ machine: 1, path: file }, (p) => problems.push(p))) records.push(...batch);
    expect(records.map((r) => r.line)).toEqual([1, 3]);
    expect(problems).toEqual([
      { kind: 'invalid', file, line: 2, text: `{"event":"${'a'.repeat(190)}`, message: 'too long (3.0 MB; no record is over 1.0 MB); line skipped' },
    ]);
  });

  test("a log Python wrote with str(dict): each line's problem says what to write instead", async () => {
    const file = join(dir, 'machine-1.jsonl');
    const record = { time: '2026-01-01T00:00:01.250Z', machine: 1, event: 'internal', clock: 1, tick: 1, queue: 0 };
    const python = `{${Object.entries(record).map(([k, v]) => `'${k}': ${typeof v === 'string' ? `'${v}'` : v}`).join(', ')}}`;
    writeFileSync(file, `${python}\n${JSON.stringify({ ...record, clock: 2, tick: 2 })}\n`);
    const problems: InputProblem[] = [];
    const records: LocatedRecord[] = [];
    for await (const batch of readMachineLog({ machine: 1, path: file }, (p) => problems.push(p))) records.push(...batch);
    expect(records.map((r) => r.line)).toEqual([2]);
    expect(problems).toEqual([
      { kind: 'invalid', file, line: 1, text: python, message: "not valid JSON (single quotes: Python's str() of a dict? write json.dumps(record)); line skipped" },
    ]);
  });

  test("another machine's log under this machine's name is one problem, not one per line; a stray line naming another machine is its own", async () => {
    const file = join(dir, 'machine-4.jsonl');
    const line = (machine: number, tick: number) => JSON.stringify({ time: `2026-01-01T00:00:0${tick}.000Z`, machine, event: 'internal', clock: tick, tick, queue: 0 });
    writeFileSync(file, `${line(3, 1)}\n${line(3, 2)}\n${line(3, 3)}\n`);
    const read = async () => {
      const problems: InputProblem[] = [];
      const records: LocatedRecord[] = [];
      for await (const batch of readMachineLog({ machine: 4, path: file }, (p) => problems.push(p))) records.push(...batch);
      return { records, problems };
    };
    expect(await read()).toEqual({
      records: [],
      problems: [{ kind: 'invalid', file, line: 1, text: line(3, 1), message: "3 of its lines, from line 1, say 'machine': 3, not 4: machine 3's log under machine 4's name (copied or renamed?); skipped" }],
    });
    // In a log of its own machine's records, a line naming another machine is a bad line like any other.
    writeFileSync(file, `${line(4, 1)}\n${line(3, 2)}\n${line(4, 3)}\n`);
    const mixed = await read();
    expect(mixed.records.map((r) => r.line)).toEqual([1, 3]);
    expect(mixed.problems).toEqual([{ kind: 'invalid', file, line: 2, text: line(3, 2), message: "'machine' is 3 in the log of machine 4; line skipped" }]);
  });

  test('a line of spaces or tabs only is blank: no record and no problem, like an empty line', async () => {
    const file = join(dir, 'machine-1.jsonl');
    const good = (tick: number) => JSON.stringify({ time: `2026-01-01T00:00:0${tick}.000Z`, machine: 1, event: 'internal', clock: tick, tick, queue: 0 });
    writeFileSync(file, `${good(1)}\n\t\n   \r\n\n${good(2)}  \n \t \n`);
    const problems: InputProblem[] = [];
    const records: LocatedRecord[] = [];
    for await (const batch of readMachineLog({ machine: 1, path: file }, (p) => problems.push(p))) records.push(...batch);
    expect(records.map((r) => [r.line, 'clock' in r.record ? r.record.clock : null])).toEqual([[1, 1], [5, 2]]);
    expect(problems).toEqual([]);
  });

  test('line numbers stay right across batches; a bad line far down is named by its number', async () => {
    const file = join(dir, 'machine-1.jsonl');
    const good = (tick: number) => JSON.stringify({ time: new Date(Date.UTC(2026, 0, 1) + tick).toISOString(), machine: 1, event: 'internal', clock: tick, tick, queue: 0 });
    const lines = Array.from({ length: 10_000 }, (_, i) => good(i + 1));
    lines[7_000] = 'oops';
    writeFileSync(file, lines.join('\n') + '\n');
    const problems: InputProblem[] = [];
    const records: LocatedRecord[] = [];
    for await (const batch of readMachineLog({ machine: 1, path: file }, (p) => problems.push(p))) records.push(...batch);
    expect(records).toHaveLength(9_999);
    expect(records[7_000]).toMatchObject({ line: 7_002, record: { tick: 7_002 } });
    expect(problems).toEqual([{ kind: 'invalid', file, line: 7_001, text: 'oops', message: 'not valid JSON; line skipped' }]);
  });
});

describe('mergeByTime', () => {
  test('equals a stable sort by time (earlier stream first on ties), however the streams are cut into batches', async () => {
    const stream = fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 40 }).map((ts) => ts.sort((a, b) => a - b));
    await fc.assert(
      fc.asyncProperty(fc.array(stream, { minLength: 1, maxLength: 4 }), fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1 }), async (streams, cuts) => {
        const located = streams.map((times, s) =>
          times.map((time, i): LocatedRecord => ({ record: { time, machine: s + 1, event: 'warn', reason: '' } as CoreRecord, file: `m${s}`, line: i + 1, text: '' })),
        );
        const cut = (list: LocatedRecord[]): LocatedRecord[][] => {
          const out: LocatedRecord[][] = [];
          for (let i = 0, k = 0; i < list.length; k++) {
            const size = cuts[k % cuts.length]!;
            out.push(list.slice(i, i + size));
            i += size;
          }
          return out;
        };
        const merged: LocatedRecord[] = [];
        for await (const batch of mergeByTime(located.map((list) => batches(cut(list))))) merged.push(...batch);
        const expected = located.flat().sort((a, b) => a.record.time - b.record.time || a.file.localeCompare(b.file) || a.line - b.line);
        expect(merged.map((r) => `${r.file}:${r.line}`)).toEqual(expected.map((r) => `${r.file}:${r.line}`));
      }),
      { numRuns: 200 },
    );
  });

  /** The merge's rule spelled out: always take the head with the earliest time, the earlier stream on ties. */
  function mergeByScan(streams: LocatedRecord[][]): LocatedRecord[] {
    const next = streams.map(() => 0);
    const out: LocatedRecord[] = [];
    for (;;) {
      let best = -1;
      for (let s = 0; s < streams.length; s++) {
        const head = streams[s]![next[s]!];
        if (head && (best < 0 || head.record.time < streams[best]![next[best]!]!.record.time)) best = s;
      }
      if (best < 0) return out;
      out.push(streams[best]![next[best]!++]!);
    }
  }

  test('with many streams, and times that go backwards in a stream, takes the earliest head each time', async () => {
    const stream = fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 30 });
    await fc.assert(
      fc.asyncProperty(fc.array(stream, { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 7 }), async (streams, size) => {
        const located = streams.map((times, s) =>
          times.map((time, i): LocatedRecord => ({ record: { time, machine: s + 1, event: 'warn', reason: '' } as CoreRecord, file: `m${s}`, line: i + 1, text: '' })),
        );
        const cut = (list: LocatedRecord[]): LocatedRecord[][] => Array.from({ length: Math.ceil(list.length / size) }, (_, k) => list.slice(k * size, (k + 1) * size));
        const merged: LocatedRecord[] = [];
        for await (const batch of mergeByTime(located.map((list) => batches(cut(list))))) merged.push(...batch);
        expect(merged.map((r) => `${r.file}:${r.line}`)).toEqual(mergeByScan(located).map((r) => `${r.file}:${r.line}`));
      }),
      { numRuns: 200 },
    );
  });
});
