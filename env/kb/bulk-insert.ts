// Fast batched inserts: one `INSERT … SELECT * FROM unnest($1::type[], …)` per batch, so a batch of
// tens of thousands of rows is one round trip with one parameter per column.
import type { PoolClient } from 'pg';

export type ColumnType = 'int' | 'text' | 'real' | 'float8' | 'bool';
export type Cell = string | number | boolean | null;

const BATCH_ROWS = 20_000;

export class BulkInserter {
  private buffer: Cell[][] = [];
  count = 0;

  constructor(
    private readonly client: PoolClient,
    private readonly table: string,
    private readonly columns: Array<[name: string, type: ColumnType]>,
  ) {}

  async add(row: Cell[]): Promise<void> {
    this.buffer.push(row);
    if (this.buffer.length >= BATCH_ROWS) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const rows = this.buffer;
    this.buffer = [];
    const arrays = this.columns.map((_, c) => rows.map((r) => r[c]));
    const names = this.columns.map(([n]) => n).join(', ');
    const params = this.columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
    await this.client.query(`INSERT INTO ${this.table} (${names}) SELECT * FROM unnest(${params})`, arrays);
    this.count += rows.length;
  }
}
