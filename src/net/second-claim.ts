// The warning a machine logs when a second connection says hello as an already connected machine, and its reader.

/** The warn record's reason (check reads the id back with `secondClaimOf`: keep the two in step). */
export function secondClaimWarning(id: number, remote: string): string {
  return `second connection claims machine ${id} (from ${remote}) while its first is open: its frames count as from an unknown sender`;
}

const SECOND_CLAIM = /^second connection claims machine (\d+) /;

/** The machine id a second-claim warning names, or null for any other warning. */
export function secondClaimOf(reason: string): number | null {
  const match = SECOND_CLAIM.exec(reason);
  return match ? Number(match[1]) : null;
}
