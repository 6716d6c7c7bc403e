// What a machine's start record says of its Node: the version, and whether --jitless is on, from Node's own
// arguments or NODE_OPTIONS (the later of the two wins, as Node reads them), and the record a runtime writes.
import { currentNodeBuild } from '../../src/runtime/node-build.js';
import { MachineRuntime } from '../../src/runtime/machine-runtime.js';
import { humanLine } from '../../src/log/format.js';
import { MemorySink } from '../helpers/memory-sink.js';
import { afterTest } from '../helpers/cleanup.js';

describe('currentNodeBuild', () => {
  test.each([
    [[], '', false],
    [['--no-memory-reducer', '--jitless', '--no-expose-wasm', '--snapshot-blob', 'm.blob'], '', true],
    [['--jitless=true'], '', true],
    [[], '--max-old-space-size=64 --jitless', true],
    // Node's own arguments come after NODE_OPTIONS: theirs is the last word.
    [['--no-jitless'], '--jitless', false],
    [['--jitless'], '--no-jitless', true],
    [['--jitless', '--jitless=false'], '', false],
    // A machine's own argument after `--` is not Node's: execArgv never holds it.
    [['--snapshot-blob', 'm.blob'], '', false],
  ])('Node arguments %p with NODE_OPTIONS %p: jitless %p', (execArgv, nodeOptions, jitless) => {
    expect(currentNodeBuild(execArgv, nodeOptions)).toEqual({ node: process.version, jitless });
  });
});

describe('the start record of a runtime', () => {
  test('names the Node it runs on (this test process: with its compilers), and its human line says so', async () => {
    const sink = new MemorySink();
    const runtime = await MachineRuntime.create({
      id: 1, rate: 10, seed: 7, internalProbability: 0.3, listen: { host: '127.0.0.1', port: 0 }, peerIds: [2], openSink: () => sink,
    });
    afterTest(() => runtime.shutdown());
    await runtime.shutdown();
    const start = sink.records[0]!;
    expect(start).toMatchObject({ event: 'start', seed: 7, node: process.version, jitless: false });
    expect(humanLine(start)).toMatch(new RegExp(`Seed: 7, Node: ${process.version.replace(/\./g, '\\.')}$`));
  });

  test('a jitless build given to it is written as given, and its human line says jitless', async () => {
    const sink = new MemorySink();
    const runtime = await MachineRuntime.create({
      id: 1, rate: 10, seed: 7, internalProbability: 0.3, listen: { host: '127.0.0.1', port: 0 }, peerIds: [2], openSink: () => sink,
      nodeBuild: { node: 'v20.0.0', jitless: true },
    });
    afterTest(() => runtime.shutdown());
    await runtime.shutdown();
    expect(sink.records[0]).toMatchObject({ node: 'v20.0.0', jitless: true });
    expect(humanLine(sink.records[0]!)).toMatch(/Seed: 7, Node: v20\.0\.0 jitless$/);
  });

  test('a machine that delays its frames says so in its start record and its human line; one that does not, not', async () => {
    const start = async (delayMs: [number, number]) => {
      const sink = new MemorySink();
      const runtime = await MachineRuntime.create({
        id: 1, rate: 10, seed: 7, internalProbability: 0.3, listen: { host: '127.0.0.1', port: 0 }, peerIds: [2], openSink: () => sink,
        nodeBuild: { node: 'v20.0.0', jitless: false }, delayMs,
      });
      afterTest(() => runtime.shutdown());
      await runtime.shutdown();
      return sink.records[0]!;
    };
    const delayed = await start([100, 500]);
    expect(delayed).toMatchObject({ event: 'start', delayMs: [100, 500] });
    expect(humanLine(delayed)).toMatch(/Node: v20\.0\.0, Delay: 100-500 ms$/);
    expect(humanLine({ ...delayed, delayMs: [5, 5] } as typeof delayed)).toMatch(/, Delay: 5 ms$/);
    const plain = await start([0, 0]);
    expect(Object.keys(plain)).not.toContain('delayMs');
    expect(humanLine(plain)).toMatch(/Node: v20\.0\.0$/);
  });
});
