// The clock lane: which bytes it reads in place and which it passes on to the splitter behind it, and in how many pieces.
import { ClockBatch } from '../../src/net/clock-run.js';
import { ClockLane } from '../../src/net/clock-lane.js';

/** A lane with a log of what came out, in order: clocks read in place (`clocks 1,2`) and pieces passed on. */
function lane(refuse: (text: string) => boolean = () => false) {
  const out: string[] = [];
  const batch = new ClockBatch((clocks, count) => out.push(`clocks ${Array.from(clocks.subarray(0, count)).join(',')}`));
  const l = new ClockLane(batch, (bytes) => {
    const text = bytes.toString();
    out.push(`passed ${JSON.stringify(text)}`);
    return !refuse(text);
  });
  return { out, write: (text: string) => l.write(Buffer.from(text)), end: () => l.end() };
}

describe('ClockLane', () => {
  test('a chunk of clock lines is read in place, and a frame cut by the chunk is joined to the next one', () => {
    const l = lane();
    l.write('clock:1\nclock:2\r\nclock:3');
    l.write('4\nclock:5\n');
    expect(l.out).toEqual(['clocks 1,2', 'clocks 34,5']);
  });

  test('from the first other line on, the rest of the chunk goes on in one piece (clocks before it first); the next chunk is read in place', () => {
    const l = lane();
    l.write('clock:1\nhello:2\nclock:3\nclock:4\nclo');
    l.write('ck:5\nclock:6\n');
    expect(l.out).toEqual(['clocks 1', 'passed "hello:2\\nclock:3\\nclock:4\\n"', 'clocks 5,6']);
  });

  test('a flood of other lines is one piece per chunk, not one per line', () => {
    const l = lane();
    l.write('\n'.repeat(1000));
    l.write('x\n'.repeat(1000));
    expect(l.out).toEqual([`passed ${JSON.stringify('\n'.repeat(1000))}`, `passed ${JSON.stringify('x\n'.repeat(1000))}`]);
  });

  test('a cut line longer than any frame goes on at once, with the next chunk up to its newline; clocks after that are read in place', () => {
    const l = lane();
    l.write(`clock:1\n${'y'.repeat(30)}`);
    l.write('yy\nclock:2\n');
    expect(l.out).toEqual(['clocks 1', `passed "${'y'.repeat(30)}"`, 'passed "yy\\n"', 'clocks 2']);
  });

  test('a short cut line that turns out not to be a frame goes on whole, joined; one left at the end goes on unterminated', () => {
    const l = lane();
    l.write('hel');
    l.write('lo:2\nclock:7\nclo');
    l.end();
    expect(l.out).toEqual(['passed "hello:2\\n"', 'clocks 7', 'passed "clo"']);
  });

  test('once the splitter refuses a piece, nothing more of the chunk is read', () => {
    const l = lane((text) => text.startsWith('bad'));
    l.write('clock:1\nbad\nclock:2\n');
    expect(l.out).toEqual(['clocks 1', 'passed "bad\\nclock:2\\n"']);
    const cut = lane((text) => text.startsWith('bad'));
    cut.write('ba');
    cut.write('d\nclock:3\n');
    expect(cut.out).toEqual(['passed "bad\\n"']);
  });
});
