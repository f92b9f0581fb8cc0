// Mitigations: experimental variables that act on agents only through their context (README.md).

// Running mitigations
export { mitigationPlugins, mitigationPlugin } from './mitigationPlugins.ts';
export { checkTriggers } from './checkTriggers.ts';
export { checkMitigations, loadMitigations } from './loadMitigations.ts';
export { MITIGATIONS, MITIGATION_KINDS, isBuiltInMitigation, mitigationDefinition, placebo } from './registry.ts';
export { isMitigation, mitigationModulesOf, mitigationSourcesOf, loadedMitigation, withAbsoluteModules, type LoadedMitigation } from './mitigationModules.ts';

// Arms as text (--mitigation, --arms)
export { parseArm, parseArms, type Arm } from './parseArm.ts';
export { formatArm } from './formatArm.ts';

// The built-in mitigations and the texts they write
export { goalReinject, goalNote, GOAL_FLAGS } from './goalReinject.ts';
export { roleReminder, roleNote } from './roleReminder.ts';
export { loopBreaker, LOOP_BREAKER_NOTE } from './loopBreaker.ts';
export { recap } from './recap.ts';
export { snowball } from './snowball.ts';
export { roleGuard } from './roleGuard.ts';
export { definePlacebo, type PlaceboParams } from './placebo.ts';
export { neutralText } from './neutralText.ts';

// Writing a mitigation
export { defineMitigation, parseParams, type MitigationDeclaration } from './defineMitigation.ts';
export { scheduledNotes, type NoteSchedule, type RenderNote } from './scheduledNotes.ts';
export { TranscriptLines, type SaidLine } from './transcriptLines.ts';
export type { MitigationApi, MitigationDefinition, MitigationHandler, ParamValue, TeamMember } from './types.ts';
