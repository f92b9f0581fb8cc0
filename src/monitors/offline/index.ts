// Monitoring recorded runs offline (`troupe monitor <run file>`)
export { monitorRunFile, type MonitorRunFileOptions, type RunFileMonitoring } from './monitorRunFile.ts';
export { recordedMonitorPhases, phaseAfter, type MonitorPhases } from './recordedMonitorPhases.ts';
export { RunFileEvents } from './RunFileEvents.ts';
export { looksLikeRunFile } from './looksLikeRunFile.ts';

// Printing flags
export { flagText, FlagTally, type PrintedFlag } from './flagText.ts';
