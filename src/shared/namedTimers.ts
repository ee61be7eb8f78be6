// Debounced actions by name: a feature's "do this in a moment" timers, cleared together on dispose.

/** Runs named actions after a delay; a failing action is reported, never left as an unhandled rejection. */
export class NamedTimers {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly onError: (name: string, error: unknown) => void) {}

  /** Runs the action after the delay; calling again with the same name starts the delay over. */
  later(name: string, delayMs: number, action: () => unknown): void {
    clearTimeout(this.timers.get(name));
    this.timers.set(
      name,
      setTimeout(() => {
        this.timers.delete(name);
        Promise.resolve()
          .then(action)
          .catch((error) => this.onError(name, error));
      }, delayMs),
    );
  }

  // Like later(), but a steady stream of calls cannot keep pushing the action back.
  soon(name: string, delayMs: number, action: () => unknown): void {
    if (!this.timers.has(name)) this.later(name, delayMs, action);
  }

  cancel(name: string): void {
    clearTimeout(this.timers.get(name));
    this.timers.delete(name);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
