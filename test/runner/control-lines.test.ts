// The lines a machine prints for start-all: written as the parser reads them, parsed when well formed, ignored (never thrown) when not.
import { controlLineText, parseControlLine, type ControlLine } from '../../src/runner/control-lines.js';

describe('parseControlLine', () => {
  test('reads @status, @warn and @stop lines', () => {
    const status = { id: 2, clock: 14, queue: 0, ticks: 9, connected: 2, ticking: true };
    expect(parseControlLine(`@status ${JSON.stringify(status)}`)).toEqual({ kind: 'status', status });
    expect(parseControlLine('@warn {"reason":"not connected to 3 after 500 ms"}')).toEqual({ kind: 'warn', reason: 'not connected to 3 after 500 ms' });
    expect(parseControlLine('@stop {"signal":"SIGINT"}')).toEqual({ kind: 'stop', signal: 'SIGINT' });
  });

  test.each([
    '@status {"id":2,"clock":14,"qu',
    '@status null',
    '@status {"id":2,"clock":14,"queue":0,"ticks":9,"connected":2}',
    '@warn not json',
    '@warn {"reason":3}',
    '@stop ',
    '@stop []',
    '@logfail {"file":"machine-1.jsonl","reason":"no space left on the disk"}',
  ])('a malformed line %p is no control line, and does not throw', (line) => {
    expect(parseControlLine(line)).toBeUndefined();
  });

  test('other lines (console lines of a machine not run --quiet) are not control lines', () => {
    expect(parseControlLine('M1 2026-01-01 00:00:00.000 | START | Clock: 0')).toBeUndefined();
    expect(parseControlLine('@statusx {}')).toBeUndefined();
  });
});

describe('controlLineText', () => {
  test.each<ControlLine>([
    { kind: 'status', status: { id: 2, clock: 14, queue: 0, ticks: 9, connected: 2, ticking: true } },
    { kind: 'warn', reason: 'peer 3 stopped reading (262,145 bytes unsent): sends to it are dropped until it reads again' },
    { kind: 'stop', signal: 'SIGTERM' },
    { kind: 'logfail', failure: { file: '/runs/a b/machine-2.jsonl', reason: 'no space left on the disk', noRoom: true } },
    { kind: 'logfail', failure: { file: 'machine-2.log', reason: 'was removed or moved away during the run', noRoom: false, displaced: true } },
  ])('a $kind line is one line that parseControlLine reads back as it was', (line) => {
    const text = controlLineText(line);
    expect(text.endsWith('\n') && !text.slice(0, -1).includes('\n')).toBe(true);
    expect(parseControlLine(text.slice(0, -1))).toEqual(line);
  });
});
