/** Time for the dispatcher: the system's, or a virtual one a test moves by hand. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or at once when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void { clearTimeout(timer); signal.removeEventListener('abort', done); resolve(); }
    signal.addEventListener('abort', done, { once: true });
  }),
};

/** A clock that only moves when told: `advance(ms)` wakes every sleeper due by then, in order. */
export class VirtualClock implements Clock {
  private sleepers: { at: number; wake: () => void }[] = [];
  constructor(private time: number) {}

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const sleeper = { at: this.time + ms, wake: () => { signal.removeEventListener('abort', sleeper.wake); this.sleepers = this.sleepers.filter((s) => s !== sleeper); resolve(); } };
      this.sleepers.push(sleeper);
      signal.addEventListener('abort', sleeper.wake, { once: true });
    });
  }

  advance(ms: number): void {
    this.time += ms;
    for (const sleeper of this.sleepers.filter((s) => s.at <= this.time)) sleeper.wake();
  }
}
