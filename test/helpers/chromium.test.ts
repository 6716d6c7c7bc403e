// chromiumPath: CHROMIUM_PATH before the Debian default, and an error that says how to install a browser.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './cli.js';
import { chromiumPath, DEFAULT_CHROMIUM } from './chromium.js';

describe('chromiumPath', () => {
  test('takes CHROMIUM_PATH when it names a program', () => {
    const browser = join(tempDir('lamport-chromium-'), 'chrome');
    writeFileSync(browser, '#!/bin/sh\n');
    chmodSync(browser, 0o755);
    expect(chromiumPath({ CHROMIUM_PATH: browser })).toBe(browser);
  });

  test('a CHROMIUM_PATH with nothing there fails, naming it and how to install one', () => {
    const missing = join(tempDir('lamport-chromium-'), 'no-chrome');
    expect(() => chromiumPath({ CHROMIUM_PATH: missing })).toThrow(
      `No Chromium to run at CHROMIUM_PATH=${missing}: this test renders the report in a real browser. ` +
        'Install it (apt-get install chromium) or set CHROMIUM_PATH to a Chromium or Chrome binary.',
    );
  });

  test('without CHROMIUM_PATH it is /usr/bin/chromium', () => {
    let found: string | Error;
    try {
      found = chromiumPath({});
    } catch (err) {
      found = err as Error;
    }
    if (typeof found === 'string') expect(found).toBe(DEFAULT_CHROMIUM);
    else expect(found.message).toContain(`No Chromium to run at ${DEFAULT_CHROMIUM} (CHROMIUM_PATH is not set)`);
  });
});
