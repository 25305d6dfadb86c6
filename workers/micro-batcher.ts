/**
 * Collects single items into micro-batches: a batch runs when it holds `maxSize` items or `maxWaitMs` after its
 * first item arrived, whichever comes first. Each caller gets its own item's outcome, so one item's failure
 * does not fail its neighbours.
 */
export type Outcome<R> = { ok: true; value: R } | { ok: false; error: Error };

interface Pending<T, R> {
  item: T;
  resolve: (r: R) => void;
  reject: (e: Error) => void;
}

export class MicroBatcher<T, R> {
  private pending: Pending<T, R>[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly maxSize: number,
    private readonly maxWaitMs: number,
    private readonly run: (items: T[]) => Promise<Outcome<R>[]>,
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= this.maxSize) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.maxWaitMs);
    });
  }

  /** Runs whatever is pending now (used on shutdown so the batch in hand is not left waiting). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    this.run(batch.map((p) => p.item)).then(
      (outcomes) => batch.forEach((p, i) => {
        const o = outcomes[i];
        if (!o) p.reject(new Error('batch returned no outcome for this item'));
        else if (o.ok) p.resolve(o.value);
        else p.reject(o.error);
      }),
      (err: unknown) => batch.forEach((p) => p.reject(err instanceof Error ? err : new Error(String(err)))),
    );
  }
}
