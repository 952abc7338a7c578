/** Public API of the SPC engine: chart computations, constants, run rules, capability, limits. */
export { c4, d2, d3, chartConstants, type ChartConstants, type ConstantsConvention } from './chartConstants.ts';
export { erf, erfc, normalCdf, normalUpperTail, logGamma } from './normalDistribution.ts';
export {
  zonesFor,
  type ChartKind,
  type ChartOptions,
  type ChartPoint,
  type ChartSeries,
  type ControlChart,
  type RuleViolation,
  type ZoneBoundaries,
} from './chartTypes.ts';
export {
  xbarRChart,
  xbarSChart,
  individualsChart,
  individualsSigma,
  summarizeSubgroups,
  sigmaFromRanges,
  sigmaFromStandardDeviations,
  type IndividualsOptions,
  type IndividualsSigmaMethod,
  type SubgroupSummary,
} from './variablesCharts.ts';
export { pChart, npChart, cChart, uChart } from './attributeCharts.ts';
export { ewmaChart, cusumChart, type EwmaOptions, type CusumOptions } from './timeWeightedCharts.ts';
export {
  evaluateRules,
  ruleViolationIndices,
  parseRuleSelection,
  NELSON_RULES,
  WESTERN_ELECTRIC_RULES,
  type RuleName,
  type RulePoint,
} from './runRules.ts';
export { processCapability, sampleStandardDeviation, type CapabilityReport, type OutOfSpec, type SpecLimits } from './capability.ts';
export {
  phaseOneLimits,
  applyManualLimits,
  appendLimitsChange,
  type ControlLimits,
  type LimitsChange,
  type PhaseOneOptions,
  type PhaseOneResult,
} from './controlLimits.ts';
export {
  capabilityConfidenceIntervals,
  chiSquareQuantile,
  normalQuantile,
  regularizedLowerGamma,
  type Interval,
} from './capabilityIntervals.ts';
