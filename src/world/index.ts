export { defineWorld, isWorld } from './defineWorld.ts';
export { moderator, roundRobin, simultaneous } from './schedulers.ts';
export { doneToken, firstOf, goalReached, maxMessages } from './termination.ts';
export { checkRecordedWorld, listWorlds, resolveRecordedWorld, resolveWorld, worldRefOf, type ResolvedWorld } from './resolveWorld.ts';
export type { EnvOutcome, Scheduler, Termination, TerminationCondition, WorldDefinition, WorldMessage, WorldView } from './types.ts';
