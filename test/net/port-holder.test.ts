// portHolder: the process listening on a port, read from /proc, for a port-in-use error that says what to stop.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { once } from 'node:events';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';
import { portHolder, portHolderText, processCommand } from '../../src/net/port-holder.js';
import { describeListenError } from '../../src/net/listen-error.js';

test('a port this process listens on is held by this process; a port nobody listens on by none', async () => {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  try {
    const holder = portHolder(port);
    expect(holder?.process.pid).toBe(process.pid);
    expect(holder?.process.command).toBe(processCommand(process.pid));
    expect(holder?.process.command).toMatch(/jest/);
    expect(describeListenError(Object.assign(new Error('in use'), { code: 'EADDRINUSE' }), '127.0.0.1', port)).toBe(
      `cannot listen on 127.0.0.1:${port}: the port is already in use by ${portHolderText(holder!)}`,
    );
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  expect(portHolder(port)).toBeUndefined();
  expect(describeListenError(Object.assign(new Error('in use'), { code: 'EADDRINUSE' }), '127.0.0.1', port, () => undefined)).toBe(
    `cannot listen on 127.0.0.1:${port}: the port is already in use (by another program, or by a run still going)`,
  );
});

test('a machine of a start-all: the start-all is named, with how to stop it', () => {
  // A /proc of two processes: start-all (pid 300) and its machine (pid 321), listening on port 40001 (0x9C41).
  const proc = tempDir('lamport-proc-');
  mkdirSync(join(proc, 'net'));
  const head = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
  writeFileSync(join(proc, 'net', 'tcp'), `${head}   0: 0100007F:9C41 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 777 1 0\n`);
  const processOf = (pid: number, ppid: number, argv: string[], socket?: string) => {
    mkdirSync(join(proc, String(pid), 'fd'), { recursive: true });
    writeFileSync(join(proc, String(pid), 'cmdline'), `${argv.join('\0')}\0`);
    writeFileSync(join(proc, String(pid), 'stat'), `${pid} (node) S ${ppid} ${pid} ${pid} 0 -1\n`);
    symlinkSync('/dev/null', join(proc, String(pid), 'fd', '0'));
    if (socket) symlinkSync(socket, join(proc, String(pid), 'fd', '21'));
  };
  processOf(300, 1, ['node', 'dist/scripts/start-all.js', '-d', '0']);
  processOf(321, 300, ['/usr/bin/node', '--snapshot-blob', 'dist/bundle/machine.blob', '1'], 'socket:[777]');
  const holder = portHolder(40001, proc);
  expect(holder).toEqual({ process: { pid: 321, command: '/usr/bin/node --snapshot-blob dist/bundle/machine.blob 1' }, startAll: { pid: 300, command: 'node dist/scripts/start-all.js -d 0' } });
  expect(portHolderText(holder!)).toBe(
    'process 321, a machine of the start-all still running as process 300 (node dist/scripts/start-all.js -d 0): stop that run (Ctrl+C in its terminal, or kill 300)',
  );
  // A machine started by hand: itself, to stop.
  expect(portHolderText({ process: { pid: 321, command: 'node dist/bundle/machine.mjs 1' } })).toBe('process 321 (node dist/bundle/machine.mjs 1), a lamport-lab command still running: stop it (kill 321)');
  expect(portHolder(40002, proc)).toBeUndefined();
  expect(portHolder(40001, join(proc, 'missing'))).toBeUndefined();
});
