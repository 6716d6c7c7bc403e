// Ephemeral ports for tests: the bench's freePorts (listen on port 0, read the port, close), and one port of it.
import { freePorts } from '../../src/bench/bench-config.js';

export { freePorts };

/** A port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port!;
}
