export {
  createAnnIndex,
  DEFAULT_CONNECTIVITY,
  DEFAULT_EXPANSION_ADD,
  DEFAULT_EXPANSION_SEARCH,
  type AnnIndex,
  type AnnIndexOptions,
  type AnnMatches,
} from './ann-index.js';
