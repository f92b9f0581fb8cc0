// Running monitors
export { createMonitorSet, MONITOR_WINDOW, type MonitorSet, type MonitorConfigInput } from './createMonitorSet.ts';
export { monitorOperator } from './monitorOperator.ts';
export { monitorEvents } from './monitorEvents.ts';

// The built-in monitors and their thresholds
export { MONITORS, MONITOR_NAMES, DEFAULT_MONITORS, MONITOR_DEFAULTS, MONITOR_PARAM_DOCS, isBuiltInMonitor, loadMonitors, monitorSpec } from './registry.ts';
export { isMonitor, loadedMonitor, monitorModulesOf, monitorSourcesOf, withAbsoluteMonitors, type LoadedMonitor } from './monitorModules.ts';
export { roleFlip } from './roleFlip.ts';
export { flakeReply } from './flakeReply.ts';
export { infiniteLoop } from './infiniteLoop.ts';
export { drift } from './drift.ts';
export { camelRules, camelRuleKind, CAMEL_RULES } from './camelRules.ts';

// Writing a monitor
export { defineMonitor, finding, evidenceOf, severityOf, SHARE, COUNT, WHOLE } from './defineMonitor.ts';
export type { FlagInput, Finding, MonitorSpec, MonitorRun, ParamSpec, ParamRange, Severity } from './defineMonitor.ts';
export type { AgentView, Conversation, MessageView } from './Conversation.ts';
export { CANONICAL_ACTS, canonicalAct, inferActs, type CanonicalAct } from './roleActs.ts';
