/** How much slower than the reference machine this one is right now (≥ 1). */
export function machineFactor(): number;
/** A time budget of `ms` on the reference machine, scaled to this one. */
export function scaled(ms: number): number;
/** ms for `python` to start and import pydantic (median of three), at least 100. */
export function pythonStartupMs(python?: string): number;
/** A budget for work that starts Python: `base` ms, or `times` Python start-ups if that is more. */
export function pythonBudget(base: number, times?: number): number;
/** How late a kill may land after its timer fired (event-loop lag, reaping, pipes closing). */
export function killMargin(): number;
