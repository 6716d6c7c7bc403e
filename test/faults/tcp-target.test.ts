// The test Target's waits: they resolve on what a connection receives, and a wait that never comes true says what it waited for.
import { dial, Target } from './tcp.js';

describe('Target.until', () => {
  let target: Target;
  beforeEach(async () => {
    target = await Target.start();
  });
  afterEach(() => target.close());

  test('resolves once a connection has received the bytes waited for', async () => {
    const socket = await dial(target.port);
    socket.write('abc');
    await target.untilBytes(3);
    expect(target.bytes().toString()).toBe('abc');
    socket.destroy();
  });

  test('rejects after its deadline, naming what it waited for', async () => {
    const socket = await dial(target.port);
    socket.write('ab');
    await expect(target.untilBytes(3, 0, 200)).rejects.toThrow('timed out after 200 ms waiting for connection 0 to receive 3 bytes');
    await expect(target.until(() => false, 'something that never happens', 50)).rejects.toThrow(
      'timed out after 50 ms waiting for something that never happens',
    );
    socket.destroy();
  });
});
