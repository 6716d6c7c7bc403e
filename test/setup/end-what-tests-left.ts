// After each test, runs what it registered with afterTest (test/helpers/cleanup.ts): machines shut down, servers closed.
import { runAfterTest } from '../helpers/cleanup.js';

afterEach(() => runAfterTest());
