// The transcript format
export { TRANSCRIPT_FORMAT, TranscriptSchema, type Transcript, type TranscriptInput } from './TranscriptSchema.ts';
export { parseTranscript, readTranscript } from './parseTranscript.ts';
export { transcriptToEvents, flagsToMessageIndices, type TranscriptEvents } from './transcriptToEvents.ts';

// Importers
export { importAg2, AG2_ROLES } from './importAg2.ts';
export { readJsonFile } from './readJsonFile.ts';
export { mastLabels, MAST_TO_MONITOR, LabelsSchema, type Labels } from './mastLabels.ts';
