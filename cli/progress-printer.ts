// Prints a run's progress line as it changes. On a terminal the line is redrawn in place while
// only its detail moves (episodes, SFT steps) and kept when the phase or epoch moves on; in a log
// (a pipe, CI) a line is written when the phase or epoch moves on or its detail first shows, and a
// changed detail at most every `logEveryMs`, so a 10-minute SFT leaves a dozen lines, not hundreds.
export interface ProgressOutput {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** The printer whose line is open on the terminal now, if any: other output ends that line first. */
let openPrinter: ProgressPrinter | undefined;

/** Call before writing anything else to the terminal, so it does not land on the end of a progress line. */
export function endProgressLine(): void {
  openPrinter?.done();
}

export class ProgressPrinter {
  private shownHead = '';
  private shownLine = '';
  private shownAt = 0;
  private openLine = false;

  constructor(
    private readonly out: ProgressOutput = process.stdout,
    private readonly logEveryMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** `head` is the line without its detail: a new head always gets its own line. */
  show(head: string, line: string): void {
    if (line === this.shownLine) return;
    const newHead = head !== this.shownHead;
    if (this.out.isTTY) {
      if (this.openLine) {
        if (newHead) this.out.write('\n');
        else this.out.write('\r\x1b[2K'); // back to the line's start, and clear it
      }
      this.out.write(line);
      this.openLine = true;
      openPrinter = this;
    } else {
      // A phase's first detail is news; later ones wait out the interval.
      const detailShown = this.shownLine !== this.shownHead;
      if (!newHead && detailShown && this.now() - this.shownAt < this.logEveryMs) return;
      this.out.write(`${line}\n`);
    }
    this.shownHead = head;
    this.shownLine = line;
    this.shownAt = this.now();
  }

  /** Ends a line left open on a terminal, so what is printed next starts on its own line. */
  done(): void {
    if (this.openLine) this.out.write('\n');
    this.openLine = false;
    if (openPrinter === this) openPrinter = undefined;
  }
}
