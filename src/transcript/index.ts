// The transcript format
export { TRANSCRIPT_FORMAT, TranscriptSchema, type Transcript, type TranscriptInput } from './TranscriptSchema.ts';
export { parseTranscript, readTranscript } from './parseTranscript.ts';
export { readTranscriptDir, type SkippedFile } from './readTranscriptDir.ts';
export { transcriptToEvents, flagsToMessageIndices, type TranscriptEvents, type TranscriptEvidence, type TranscriptFlag } from './transcriptToEvents.ts';

// Importers
export { importAg2, AG2_ROLES } from './importAg2.ts';
export { readJsonFile } from './readJsonFile.ts';
export { readRecordsFile } from './readRecordsFile.ts';
export { transcriptFileName, transcriptFileNames } from './transcriptFileName.ts';
export { mastLabels, MAST_TO_MONITOR, LabelsSchema, LABEL_KINDS, type Labels } from './mastLabels.ts';
