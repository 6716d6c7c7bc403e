// After each test file, removes the temporary directories its tests made with tempDir (test/helpers/cli.ts).
import { removeTempDirs } from '../helpers/cli.js';

afterAll(() => removeTempDirs());
