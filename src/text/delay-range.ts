// A link delay range for people: `100-500 ms`, or `5 ms` when fixed (the logs', analyze's and the summaries' words).

/** `[100, 500]` as `100-500 ms`, `[5, 5]` as `5 ms`. */
export const delayRange = ([lo, hi]: readonly [number, number]): string => `${lo === hi ? lo : `${lo}-${hi}`} ms`;
