// The scripted expert for sequence QA: one tool call, then the answer read off the observation.
// `noise` is the chance that any one message slips: a malformed message, a wrong argument, or a
// misread result. At zero noise it is always right. Multiple-choice prompts go to choice-expert.
import type { ChatMessage } from '../../policy/backend';
import type { Expert } from '../types';
import { observationText, solutionMessage, toolCallMessage } from '../agent-format';
import { readQuestion, type SequenceQuestion } from './questions';
import { readChoiceQuestion } from './choice-questions';
import { choiceExpertMessage } from './choice-expert';

function toolCallFor(q: SequenceQuestion, slip: boolean): string {
  // A slip here drops the last base: the tool answers a slightly different question.
  const sequence = slip ? q.sequence.slice(0, -1) : q.sequence;
  switch (q.kind) {
    case 'gc_content':
      return toolCallMessage('I will count G and C with the tool.', 'gc_content', { sequence });
    case 'reverse_complement':
      return toolCallMessage('The tool gives the reverse complement.', 'reverse_complement', { sequence });
    case 'translation':
      return toolCallMessage('Translate in frame 0 with the standard code.', 'translate', { sequence, frame: 0 });
    case 'restriction_fragments':
      return toolCallMessage(`Find the ${q.enzyme} cut sites.`, 'restriction_sites', { sequence, enzyme: q.enzyme });
  }
}

function answerFrom(q: SequenceQuestion, observation: string, slip: boolean): string | undefined {
  switch (q.kind) {
    case 'gc_content': {
      const value = /GC content: ([\d.]+)%/.exec(observation)?.[1];
      return value && (slip ? (Number(value) + 1).toFixed(1) : value);
    }
    case 'reverse_complement': {
      const value = /Reverse complement: ([ACGTN]+)/.exec(observation)?.[1];
      return value && (slip ? value.slice(1) : value);
    }
    case 'translation': {
      const value = /Protein \(frame \d, \d+ aa\): ([A-Z*]*)/.exec(observation)?.[1];
      return value !== undefined ? (slip ? `M${value}` : value) : undefined;
    }
    case 'restriction_fragments': {
      const sites = /sites: (\d+);/.exec(observation)?.[1];
      // A linear molecule cut n times gives n + 1 pieces; the slip forgets the +1.
      return sites && String(Number(sites) + (slip ? 0 : 1));
    }
  }
}

export const sequenceExpert: Expert = {
  nextMessage(transcript: ChatMessage[], random: () => number, noise: number): string {
    const prompt = transcript.find((m) => m.role === 'user')?.content ?? '';
    const choice = readChoiceQuestion(prompt);
    if (choice) return choiceExpertMessage(choice, transcript, random, noise);
    const question = readQuestion(prompt);
    if (!question) return solutionMessage('I cannot read the question.', 'unknown');
    if (random() < noise / 3) return `I think the answer needs a tool call: ${question.kind}`; // malformed on purpose
    const slip = random() < noise;
    const observations = transcript.filter((m) => m.role === 'user').map((m) => observationText(m.content));
    for (const observation of observations.reverse()) {
      if (observation === undefined) continue;
      const answer = answerFrom(question, observation, slip);
      if (answer !== undefined) return solutionMessage('The tool result answers the question.', answer);
    }
    return toolCallFor(question, slip);
  },
};
