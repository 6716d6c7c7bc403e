// Turns a toxic's spec into the stage that applies it to one connection.
import type { DrawSource } from '../core/random.js';
import { HoldStage } from './hold-stage.js';
import { PacedStage } from './paced-stage.js';
import { drawInt } from './random.js';
import type { ConnectionControl, Sink, Stage } from './stage.js';
import type { ToxicSpec } from './toxics.js';

const whole = (remaining: number): number => remaining;
const free = (): number => 0;

export function createStage(spec: ToxicSpec, next: Sink, control: ConnectionControl, draws: DrawSource): Stage {
  switch (spec.type) {
    case 'latency': {
      const { latency, jitter } = spec.attributes;
      const delay = () => Math.max(0, jitter > 0 ? latency + (draws.next() * 2 - 1) * jitter : latency);
      return new PacedStage({ delay, cut: whole, gap: 0, cost: free, from: 'schedule' }, next);
    }
    case 'bandwidth': {
      // rate KB/s = rate bytes per ms; pieces of at most 100 ms worth of bytes keep the flow smooth (as Toxiproxy does).
      const { rate } = spec.attributes;
      const maxPiece = Math.max(1, Math.floor(rate * 100));
      const cut = (remaining: number) => Math.min(remaining, maxPiece);
      return new PacedStage({ delay: free, cut, gap: 0, cost: (length) => length / rate, from: 'schedule' }, next);
    }
    case 'slicer': {
      const { averageSize, sizeVariation, delay } = spec.attributes;
      const cut = () => drawInt(draws, averageSize - sizeVariation, averageSize + sizeVariation);
      return new PacedStage({ delay: free, cut, gap: delay / 1000, cost: free, from: 'emission' }, next);
    }
    case 'timeout': {
      const { timeout } = spec.attributes;
      return new HoldStage(next, timeout > 0 ? timeout : null, () => control.close());
    }
    case 'reset_peer':
      return new HoldStage(next, spec.attributes.timeout, () => control.reset());
  }
}
