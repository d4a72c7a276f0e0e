// Argument checks the sequence tools share: bad input is a permanent ToolError, never a retry.
import { z } from 'zod';
import { ToolError } from '../types';
import { invalidDnaCharacters, normalizeDna } from './dna';
import { findEnzyme, RESTRICTION_ENZYMES, type RestrictionEnzyme } from './enzymes';

export const dnaArgument = z.string().min(1, 'sequence must not be empty');

export function checkedDna(sequence: string, what = 'sequence'): string {
  const bad = invalidDnaCharacters(sequence);
  if (bad.length) throw new ToolError(`${what} contains characters that are not DNA bases: ${bad.join(', ')}`, 'permanent');
  return normalizeDna(sequence);
}

export function requireEnzyme(name: string): RestrictionEnzyme {
  const enzyme = findEnzyme(name);
  if (!enzyme) {
    throw new ToolError(`unknown enzyme '${name}'; known: ${RESTRICTION_ENZYMES.map((e) => e.name).join(', ')}`, 'permanent');
  }
  return enzyme;
}
