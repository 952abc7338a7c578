/** Public API of wafer-map geometry, zones and the WM-811K spatial-signature classifier. */
export {
  createWaferView,
  dieToScreen,
  screenToDie,
  screenToDieFractional,
  MISSING_COORDINATE,
  type ScreenPoint,
  type WaferOrientation,
  type WaferSide,
  type WaferView,
  type WaferViewOptions,
} from './orientation.ts';
export {
  assignZone,
  ringName,
  zonalYield,
  EQUAL_AREA_RINGS,
  EQUAL_RADIUS_RINGS,
  type DieZone,
  type TestedDie,
  type ZonalYieldReport,
  type ZoneOptions,
  type ZoneYield,
} from './zones.ts';
export { rasterFromDies, rasterFromGrid, waferGeometry, type DieCode, type WaferDie, type WaferGeometry, type WaferRaster } from './waferRaster.ts';
export { computeWaferFeatures, supportThreshold, type WaferFeatures } from './features.ts';
export { findFailClusters, type FailCluster } from './failClusters.ts';
export { dieCornerExtent, fitGeometryToDies, geometryMisfit, type FittedGeometry, type GeometryMisfit, type GeometryMode, type GeometrySource } from './geometryFit.ts';
export {
  classifyFeatures,
  classifyRaster,
  classifyWaferMap,
  evidenceOf,
  mainEvidence,
  MAIN_EVIDENCE_KEYS,
  CLASSIFIER_THRESHOLDS,
  WAFER_PATTERN_CLASSES,
  type WaferClassification,
  type WaferPatternClass,
} from './classify.ts';
export { explanationInEnglish, explanationValues, WAFER_EXPLANATION_CODES, WAFER_EXPLANATION_EN, type WaferExplanation, type WaferExplanationCode } from './explanation.ts';
export { wafersFromDocument, WAFER_MAP_DOCUMENT_EXPECTED } from './waferMapDocument.ts';
