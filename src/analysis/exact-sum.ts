// A running sum of products kept as two doubles (hi + lo, "double-double"): about 106 bits, so the drift tracker's
// integrals of clocks near 2^52 over milliseconds (past 2^53, where a double drops units) still subtract exactly.
// Error-free transformations: Knuth's two-sum and Dekker's two-product (Veltkamp's split), no allocation per step.

/** 2^27 + 1: splits a double into two halves of 26 bits whose products are exact. */
const SPLITTER = 134_217_729;

export class ExactSum {
  hi = 0;
  lo = 0;

  /** Sets this to `other`. */
  copy(other: ExactSum): this {
    this.hi = other.hi;
    this.lo = other.lo;
    return this;
  }

  /** Adds a x b. */
  addProduct(a: number, b: number): this {
    const p = a * b;
    if (p === 0) return this;
    const s = this.hi + p;
    const v = s - this.hi;
    const sumError = this.hi - (s - v) + (p - v);
    const lo = this.lo + sumError + productError(a, b, p);
    this.hi = s + lo;
    this.lo = lo - (this.hi - s);
    return this;
  }

  /** this - other - a x b, as one double: a small difference of large sums, exact while it fits 53 bits. */
  minus(other: ExactSum, a: number, b: number): number {
    const p = a * b;
    const d = this.hi - other.hi;
    const v = d - this.hi;
    const diffError = this.hi - (d - v) + (-other.hi - v);
    return d - p + (diffError + (this.lo - other.lo) - productError(a, b, p));
  }
}

/** a x b - p exactly, for p = fl(a x b) (Dekker's two-product). */
function productError(a: number, b: number, p: number): number {
  let c = SPLITTER * a;
  const ah = c - (c - a);
  const al = a - ah;
  c = SPLITTER * b;
  const bh = c - (c - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}
