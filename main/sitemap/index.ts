/** Site map (DESIGN.md "Site map"): the one door other modules import from. */

// SVG uploads: every SVG (base map or overlay layer) goes through sanitizeSvg before it is stored or shown;
// extractOverlays then lists the shapes of the sanitised overlay layer that can be bound.
export { sanitizeSvg, type SanitizeSvgOptions, type SanitizedSvg } from './svg-sanitize.js';
export { DEFAULT_MAX_SVG_BYTES } from './svg-precheck.js';
export { extractOverlays, type ExtractedOverlay, type ExtractedOverlays, type OverlayKind } from './svg-overlays.js';
export type { Box as OverlayBox } from './svg-geometry.js';
