// Bookkeeping of the training pipeline on the tools queue: run status, the rejection-sampled SFT
// dataset, epoch metrics and evaluation tables.
import { createHash } from 'node:crypto';
import type { Db } from '../db/client';
import { weightFailedActions } from '../env/imitation';
import type { ChatMessage } from '../policy/backend';
import { getTranscript, listEpisodes } from '../db/episode-store';
import { insertSftExamples, recordEpoch, recordEvaluationRows, upsertRun } from '../db/training-store';
import { COLLECTION_EPOCH, type EpochResult, type EvaluationResult, type RunProgress, type TrainingRunConfig } from '../workflows/training-types';

export interface SftDatasetSummary {
  considered: number;
  correctAndWellFormed: number;
  added: number;
  duplicates: number;
}

export function createPipelineActivities({ db }: { db: Db }) {
  return {
    async updateRun(input: { runId: string; config: TrainingRunConfig; progress: RunProgress }): Promise<void> {
      await upsertRun(db, {
        id: input.runId,
        config: input.config,
        status: input.progress.status,
        phase: input.progress.phase,
        epoch: input.progress.epoch,
        policyVersion: input.progress.policyVersion ?? null,
      });
    },

    /** Rejection sampling: keep expert episodes that are correct and well-formed, once per distinct transcript. */
    async buildSftDataset(input: { runId: string }): Promise<SftDatasetSummary> {
      const collected = (await listEpisodes(db, { runId: input.runId, limit: 1_000_000 })).filter((e) => e.epoch === COLLECTION_EPOCH);
      const keep = collected.filter((e) => e.status === 'completed' && e.correctness === 1 && e.formatOk);
      const rows = [];
      const seen = new Set<string>();
      for (const episode of keep) {
        const messages = weightFailedActions((await getTranscript(db, episode.id)).map((t) => ({ role: t.role as ChatMessage['role'], content: t.content })));
        const contentHash = createHash('sha256').update(JSON.stringify(messages)).digest('hex');
        if (seen.has(contentHash)) continue;
        seen.add(contentHash);
        rows.push({ runId: input.runId, contentHash, episodeId: episode.id, taskType: episode.taskType, messages });
      }
      const added = await insertSftExamples(db, rows);
      return { considered: collected.length, correctAndWellFormed: keep.length, added, duplicates: keep.length - rows.length };
    },

    async recordEpochMetrics(input: { runId: string; result: EpochResult; trainerMetrics: Record<string, number> }): Promise<void> {
      await recordEpoch(db, {
        runId: input.runId,
        epoch: input.result.epoch,
        rolloutVersion: input.result.rolloutVersion,
        trainedVersion: input.result.trainedVersion,
        metrics: { ...input.result, ...input.trainerMetrics },
      });
    },

    async recordEvaluation(input: { runId: string; split: string; result: EvaluationResult }): Promise<void> {
      await recordEvaluationRows(
        db,
        input.result.rows.map((row) => ({
          runId: input.runId,
          label: input.result.label,
          policyVersion: input.result.policyVersion,
          split: input.split,
          taskType: row.taskType,
          episodes: row.episodes,
          meanCorrectness: row.meanCorrectness,
          formatRate: row.formatRate,
          toolErrorRate: row.toolErrorRate ?? null,
        })),
      );
    },
  };
}

export type PipelineActivities = ReturnType<typeof createPipelineActivities>;
