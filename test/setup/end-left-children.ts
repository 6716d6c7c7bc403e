// After each test, ends the child processes (and their children) it left running, even when it failed or timed out.
import { endLeftChildren } from '../helpers/children.js';

afterEach(() => endLeftChildren());
