export {
  type CaseContext,
  CONTRACT_CASE,
  type ConformanceCase,
  type ConformanceOptions,
  type ConformanceResult,
  conformanceCaseNames,
  conformanceCases,
  type ListenerCall,
  Recording,
  runConformance,
} from "./cases.js";
export {
  AFTER_BINARY,
  BEFORE_VANISHING,
  BINARY_FRAME,
  type ConformanceServerInfo,
  GREETING,
} from "./script.js";
