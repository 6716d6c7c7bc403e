// The error a user caused (bad config, bad option, busy port): printed as one line, exit code 2, no stack trace.

export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
