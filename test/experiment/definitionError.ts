import { expect } from 'vitest';
import { UserError } from '../../src/core/errors.ts';
import { defineExperiment } from '../../src/experiment/index.ts';

/** The UserError message defineExperiment throws for `input` (fails the test if it accepts it). */
export function definitionError(input: unknown): string {
  try {
    defineExperiment(input as never);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error('defineExperiment accepted it');
}
