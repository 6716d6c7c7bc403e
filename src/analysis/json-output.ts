// The `--json` document: the numbers of the tables, as one JSON value for scripts.
import { isoTime } from '../log/format.js';
import type { Analysis, RunAnalysis } from './analyze.js';

function runJson(run: RunAnalysis) {
  const { metrics, info } = run;
  return {
    dir: run.dir,
    name: run.name,
    mode: info?.mode ?? null,
    seed: info?.seed ?? null,
    internalProbability: info?.internalProbability ?? null,
    startTime: metrics.startTime === null ? null : isoTime(metrics.startTime),
    endTime: metrics.endTime === null ? null : isoTime(metrics.endTime),
    durationMs: metrics.startTime === null || metrics.endTime === null ? null : metrics.endTime - metrics.startTime,
    highestFinalClock: metrics.highestFinalClock,
    machines: metrics.machines.map((m) => ({
      ...m,
      startTime: m.startTime === null ? null : isoTime(m.startTime),
      endTime: m.endTime === null ? null : isoTime(m.endTime),
      eventShares: {
        internal: m.ticks ? m.events.internal / m.ticks : null,
        send: m.ticks ? m.events.send / m.ticks : null,
        receive: m.ticks ? m.events.receive / m.ticks : null,
      },
    })),
    messages: metrics.messages,
    lostMessages: metrics.lostMessages,
    faultWindows: run.faults.map((w) => ({
      ...w,
      from: isoTime(w.from),
      to: w.to === null ? null : isoTime(w.to),
      fromSeconds: metrics.startTime === null ? null : (w.from - metrics.startTime) / 1000,
      toSeconds: metrics.startTime === null || w.to === null ? null : (w.to - metrics.startTime) / 1000,
    })),
    latencyMs: metrics.latency,
    logEntries: metrics.machines.map((m) => m.records),
    rates: metrics.machines.map((m) => m.rate),
    causality: run.causality,
    problems: run.problems,
  };
}

/** Every figure of the analysis (not the chart series). */
export function analysisJson(analysis: Analysis) {
  return {
    runs: analysis.runs.map(runJson),
    experiments: analysis.runs.flatMap((run, i) =>
      run.metrics.machines.map((m) => ({
        experiment: i + 1,
        run: run.name,
        machine: m.machine,
        rate: m.rate,
        maxQueue: m.maxQueue,
        endQueue: m.endQueue,
        clockDifference: m.behind,
      })),
    ),
  };
}
