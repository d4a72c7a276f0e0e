// Plain-text tables and transcripts for the terminal.
import type { EpisodeRow, TurnRow } from '../db/episode-store';

export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function formatTranscript(episode: EpisodeRow, turns: TurnRow[]): string {
  const head = [
    `episode ${episode.id}`,
    `run ${episode.runId} · task ${episode.taskId} (${episode.taskType}) · epoch ${episode.epoch} · policy ${episode.policyVersion}`,
    `status ${episode.status} · correctness ${episode.correctness ?? '-'} · format ${episode.formatOk ?? '-'} · reward ${episode.reward ?? '-'} · ${episode.tokens} tokens`,
  ];
  const body = turns.map((t) => {
    const label = t.role === 'user' && t.idx > 1 ? 'observation' : t.role;
    const notes = [t.actionKind && `action=${t.actionKind}`, t.wellFormed === false && 'MALFORMED', t.tool && `tool=${t.tool}`, t.toolError && 'TOOL ERROR']
      .filter(Boolean)
      .join(' ');
    return `--- [${t.idx}] ${label}${notes ? ` (${notes})` : ''}\n${t.content}`;
  });
  return [...head, '', ...body].join('\n');
}
