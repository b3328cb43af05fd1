/**
 * Linear-time regular expressions (RE2, a native addon) for every pattern a user supplies. Nothing
 * outside native/ loads `re2`; slices compile user patterns through this door.
 */
export {
  compileLinearRegex,
  compileLinearRegexSet,
  linearRegexProblem,
  UnsupportedPatternError,
  type LinearRegexSet,
} from './linear-regex.js';
