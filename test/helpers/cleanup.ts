// afterTest(fn): what a test started (a machine, a server) is ended after it by test/setup/end-what-tests-left.ts, even when it failed.
/** The clean-ups registered during the current test, in the order they were registered. */
const registered: (() => unknown)[] = [];

/**
 * Runs `fn` (and awaits it) once the current test has ended, passed or failed. Call it from a test or its
 * beforeEach, right after starting what `fn` ends; the last registered runs first. `fn` should be safe to call when
 * the test has already ended the thing itself.
 */
export function afterTest(fn: () => unknown): void {
  registered.push(fn);
}

/** Runs every registered clean-up, the last registered first, each even if one before it threw; then throws the first error. */
export async function runAfterTest(): Promise<void> {
  const errors: unknown[] = [];
  for (const fn of registered.splice(0).reverse()) {
    try {
      await fn();
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `${errors.length} clean-ups after the test failed`);
}
