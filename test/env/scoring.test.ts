import { describe, expect, it } from 'vitest';
import { letterAnswer, listAnswer, singleAnswer } from '../../env/scoring';
import { scoreRareDisease } from '../../env/tasks/rare-disease-diagnosis';
import { scorePatientGene } from '../../env/tasks/patient-gene-detection';
import { scoreGwasCausalGene } from '../../env/tasks/gwas-causal-gene';
import { scoreVariant } from '../../env/tasks/gwas-variant-prioritization';
import { scoreScreen } from '../../env/tasks/screen-gene-retrieval';
import { scoreLetter } from '../../env/tasks/multiple-choice';
import type { Task } from '../../env/types';

const task = (answer: unknown): Task => ({ id: 't', taskType: 'x', split: 'test', prompt: '', answer, meta: {} });

describe('Eval1-style answer reading', () => {
  it('normalises case, whitespace, quotes and brackets', () => {
    expect(singleAnswer('  brca1 \n')).toBe('BRCA1');
    expect(singleAnswer('"BRCA1".')).toBe('BRCA1');
    expect(singleAnswer('{"answer": "tp53"}')).toBe('TP53');
    expect(singleAnswer("{'gene': 'tp53'}", ['gene'])).toBe('TP53');
    expect(singleAnswer('["KRAS", "NRAS"]')).toBe('KRAS');
    expect(listAnswer('KRAS, NRAS')).toEqual(['KRAS', 'NRAS']);
    expect(listAnswer("{'causal_gene': ['a', 'B']}", ['causal_gene'])).toEqual(['A', 'B']);
  });
  it('reads option letters in their usual forms', () => {
    for (const form of ['B', ' b ', '(B)', 'B) ABC', 'B.', '[ANSWER]B[/ANSWER]', '{"answer": "B"}', 'Answer: B']) expect(letterAnswer(form), form).toBe('B');
    expect(letterAnswer('Because')).toBeUndefined();
  });
});

describe('scorers', () => {
  it('rare_disease_diagnosis compares OMIM ids in any form', () => {
    const t = task({ omimId: '154700', diseaseName: 'Marfan syndrome' });
    for (const a of ["{'disease_name': 'Marfan', 'OMIM_ID': '154700'}", '{"OMIM_ID": 154700}', 'OMIM:154700', ' 154700 ', '{"omim_id": "MIM:154700"}']) expect(scoreRareDisease(a, t), a).toBe(1);
    expect(scoreRareDisease('{"OMIM_ID": "154701"}', t)).toBe(0);
    expect(scoreRareDisease('Marfan syndrome', t)).toBe(0);
  });
  it('patient_gene_detection is right when any predicted gene is causal', () => {
    const t = task({ causalGenes: ['FBN1'] });
    expect(scorePatientGene("{'causal_gene': ['TGFBR1', 'fbn1']}", t)).toBe(1);
    expect(scorePatientGene('["FBN1"]', t)).toBe(1);
    expect(scorePatientGene(' fbn1 ', t)).toBe(1);
    expect(scorePatientGene("{'causal_gene': ['TGFBR1']}", t)).toBe(0);
    expect(scorePatientGene("{'causal_gene': []}", t)).toBe(0);
  });
  it('gwas_causal_gene, variant and screen answers are case- and form-insensitive', () => {
    expect(scoreGwasCausalGene(' bco1\n', task({ gene: 'BCO1' }))).toBe(1);
    expect(scoreGwasCausalGene('{"causal_gene": "BCO1"}', task({ gene: 'BCO1' }))).toBe(1);
    expect(scoreGwasCausalGene('BCO2', task({ gene: 'BCO1' }))).toBe(0);
    expect(scoreVariant('RS505922', task({ rsid: 'rs505922' }))).toBe(1);
    expect(scoreVariant('{"variant": "rs505922"}', task({ rsid: 'rs505922' }))).toBe(1);
    expect(scoreVariant('rs50592', task({ rsid: 'rs505922' }))).toBe(0);
    expect(scoreScreen('aars1', task({ gene: 'AARS', accepted: ['AARS', 'AARS1'] }))).toBe(1);
    expect(scoreScreen('AARS2', task({ gene: 'AARS', accepted: ['AARS', 'AARS1'] }))).toBe(0);
  });
  it('multiple choice wants the right letter', () => {
    const t = task({ letter: 'C', text: '17q21.31' });
    expect(scoreLetter('(c)', t)).toBe(1);
    expect(scoreLetter('17q21.31', t)).toBe(0);
    expect(scoreLetter('A', t)).toBe(0);
  });
});
