// Gathers concurrent requests into batches: a batch runs as soon as maxBatch jobs
// wait, or maxWaitMs after the first one arrived. One batch runs at a time (the
// session is the bottleneck); jobs arriving meanwhile form the next batch.

export interface MicroBatcherOptions {
  maxBatch: number;
  maxWaitMs: number;
}

interface Pending<J, R> {
  job: J;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

export class MicroBatcher<J, R> {
  private queue: Pending<J, R>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  /** Sizes of the batches run so far (for tests and metrics). */
  readonly batchSizes: number[] = [];

  constructor(
    private readonly runBatch: (jobs: J[]) => Promise<R[]>,
    private readonly options: MicroBatcherOptions,
  ) {
    if (options.maxBatch < 1) throw new Error('maxBatch must be at least 1');
  }

  submit(job: J): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves when nothing is queued or running. */
  async drain(): Promise<void> {
    while (this.running || this.queue.length > 0) {
      if (this.running) await this.running;
      else this.flush();
    }
  }

  private schedule(): void {
    if (this.running) return; // the running batch reschedules when it ends
    if (this.queue.length >= this.options.maxBatch || this.options.maxWaitMs <= 0) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.options.maxWaitMs);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.running || this.queue.length === 0) return;
    const batch = this.queue.splice(0, this.options.maxBatch);
    this.batchSizes.push(batch.length);
    this.running = (async () => {
      try {
        const results = await this.runBatch(batch.map((p) => p.job));
        batch.forEach((p, i) => p.resolve(results[i]));
      } catch (e) {
        for (const p of batch) p.reject(e);
      } finally {
        this.running = undefined;
        // Jobs that queued during the batch have waited long enough: run them now.
        if (this.queue.length > 0) this.flush();
      }
    })();
  }
}
