// LLM-as-judge annotation of recorded conversations (offline): prompts, verdicts, the judge record, and the passes.
// judgeOutput (judgeOutput.ts) is not here: it loads the openai SDK's helpers, and the CLI imports this at start.
export { judgeMessages, JUDGE_PROMPT_VERSION, type JudgedAgent, type JudgedMessage } from './judgePrompt.ts';
export { JudgeVerdictSchema, JUDGE_MONITORS, judgeKind, verdictFlags, type JudgeVerdict, type JudgeMonitor } from './judgeVerdict.ts';
export { DamagedJudgeRecord, JudgeRecord, JUDGE_FORMAT, type JudgeEntry, type JudgeHeader, type JudgeSeal, type JudgeRecordRead } from './JudgeRecord.ts';
export { judgeConversation, judgeHeader, judgeIdentity, judgeRequests, type JudgeOptions, type JudgeOutcome } from './judgeConversation.ts';
export { judgeRecordPath, isJudgeRecordName } from './judgeRecordName.ts';
export { judgeFile, judgeInput, judgeRecordOf, loadJudgeInput, type JudgeInput, type JudgeFileOptions, type JudgedFile } from './judgeFile.ts';
export { scoreJudged, scoreJudgedTraces, type JudgeScores } from './scoreJudged.ts';
export { judgeAgreement, formatAgreement, type Agreement } from './judgeAgreement.ts';
export { JudgeBreaker, FAILURES_IN_A_ROW } from './JudgeBreaker.ts';
