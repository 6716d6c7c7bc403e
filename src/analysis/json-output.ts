// The `--json` document: the numbers of the tables, as one JSON value for scripts.
import { tickPhases } from './tick-phases.js';
import { isoTime, LAST_DATE_MS } from '../log/format.js';
import { toolVersion } from '../log/tool-version.js';
import type { Analysis, RunAnalysis } from './analyze.js';
import { secondsAfter } from './fault-windows.js';
import { runDelay, runSetting } from './run-settings.js';
import { runEndJson } from './run-end.js';

/** An instant as ISO-8601 text, or null when there is none or it is past what a Date holds (a rate of 1e-12/s's first tick). */
function jsonTime(ms: number | null): string | null {
  return ms === null || !Number.isFinite(ms) || Math.abs(ms) > LAST_DATE_MS ? null : isoTime(ms);
}

function runJson(run: RunAnalysis) {
  const { metrics, info } = run;
  const phases = tickPhases(metrics.machines);
  return {
    dir: run.dir,
    name: run.name,
    mode: info?.mode ?? null,
    // How the run ended (run.json): a signal (Ctrl+C), a machine stopped from outside, and what was planned.
    ...runEndJson(info),
    seed: runSetting(run, 'seed'),
    internalProbability: runSetting(run, 'internalProbability'),
    // [min, max] ms per frame as run.json records it; without run.json (machines run by hand), as every start record
    // gives it when they agree (a machine started with --delay), else null.
    delayMs: runDelay(run),
    startTime: jsonTime(metrics.startTime),
    endTime: jsonTime(metrics.endTime),
    durationMs: metrics.startTime === null || metrics.endTime === null ? null : metrics.endTime - metrics.startTime,
    highestFinalClock: metrics.highestFinalClock,
    // warnings and delayMs are analyze's tables': not in this contract's machines, whose published files lack them.
    // queueGrowth (a sweep's figure too) comes last, added after the others.
    machines: metrics.machines.map(({ queueGrowth, warnings: __, delayMs: ___, ...m }, i) => ({
      ...m,
      startTime: jsonTime(m.startTime),
      endTime: jsonTime(m.endTime),
      tickingStart: jsonTime(m.tickingStart),
      catchUpJumps: m.catchUpJumps.map((c) => ({
        ...c,
        restartTime: jsonTime(c.restartTime),
        time: jsonTime(c.time),
        firstTickTime: jsonTime(c.firstTickTime),
      })),
      eventShares: {
        internal: m.ticks ? m.events.internal / m.ticks : null,
        send: m.ticks ? m.events.send / m.ticks : null,
        receive: m.ticks ? m.events.receive / m.ticks : null,
      },
      queueGrowth,
      // What simulate --tick-offsets takes, machine by machine, for a simulated twin with this run's phases.
      tickPhaseMs: phases[i],
    })),
    messages: metrics.messages,
    lostMessages: metrics.lostMessages,
    // How far apart the machines' tick schedules started (tickingStart): under 1 ms in the simulator (the logs' times
    // are whole ms), a few ms for real.
    tickPhaseSpreadMs: metrics.tickPhaseSpreadMs,
    // fromSeconds/toSeconds count from the first record (the report's time axis); the schedule's from its start.
    scheduleStart: jsonTime(run.scheduleStart),
    faultWindows: run.faults.map((w) => ({
      ...w,
      from: jsonTime(w.from),
      to: jsonTime(w.to),
      fromSeconds: secondsAfter(metrics.startTime, w.from),
      toSeconds: secondsAfter(metrics.startTime, w.to),
      fromScheduleSeconds: secondsAfter(run.scheduleStart, w.from),
      toScheduleSeconds: secondsAfter(run.scheduleStart, w.to),
    })),
    latencyMs: metrics.latency,
    // Every record of each machine's log; tickEntries counts its tick events (internal, send, receive) only, as the
    // tables' "log entries" line does.
    logEntries: metrics.machines.map((m) => m.records),
    tickEntries: metrics.machines.map((m) => m.ticks),
    rates: metrics.machines.map((m) => m.rate),
    causality: run.causality,
    problems: run.problems,
    // run.json has no end time: the run may still be going (a machine with `crashed: true` may still be running); or,
    // started by hand, some machines are still running (stillRunning).
    mayStillBeRunning: run.mayStillBeRunning,
    // Started by hand (no run.json): the machines whose logs a running process was writing, without their stop records
    // yet. Only when there are some, so that documents of other runs stay as they were.
    ...(run.logsOpen.size ? { stillRunning: [...run.logsOpen.keys()].sort((a, b) => a - b) } : {}),
    // No run.json and no stop record in any log (unknown-end.ts): every machine's `crashed` is false, as check calls
    // none crashed, and no message is lost to a crash (those not received count in messages.unaccounted).
    endUnknown: run.metrics.endUnknown,
  };
}

/** Every figure of the analysis (not the chart series). */
export function analysisJson(analysis: Analysis) {
  return {
    // The lamport-lab that made this analysis (name, version, git commit or null).
    tool: toolVersion(),
    runs: analysis.runs.map(runJson),
    experiments: analysis.runs.flatMap((run, i) => {
      // The run's internal probability and seed (null when not recorded, or its machines' start records disagree).
      const settings = { internalProbability: runSetting(run, 'internalProbability'), seed: runSetting(run, 'seed') };
      return run.metrics.machines.map((m) => ({
        experiment: i + 1,
        run: run.name,
        machine: m.machine,
        rate: m.rate,
        maxQueue: m.maxQueue,
        endQueue: m.endQueue,
        clockDifference: m.behind,
        ...settings,
      }));
    }),
  };
}
