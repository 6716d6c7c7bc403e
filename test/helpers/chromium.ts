// Where the browser tests find Chromium: CHROMIUM_PATH, else Debian's /usr/bin/chromium; one clear error without it.
import { accessSync, constants } from 'node:fs';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** The Chromium binary to launch; throws, saying how to get one, when there is none there to run. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.CHROMIUM_PATH;
  const path = fromEnv || DEFAULT_CHROMIUM;
  try {
    accessSync(path, constants.X_OK);
  } catch {
    const where = fromEnv ? `CHROMIUM_PATH=${path}` : `${path} (CHROMIUM_PATH is not set)`;
    throw new Error(
      `No Chromium to run at ${where}: this test renders the report in a real browser. ` +
        'Install it (apt-get install chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary.',
    );
  }
  return path;
}
