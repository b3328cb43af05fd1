/**
 * Pan and zoom maths of the map canvas. A view maps map coordinates (the overlay's viewBox units,
 * measured from its top-left corner) to viewport pixels: screen = map · k + (x, y). The canvas
 * applies it as one CSS transform with `transform-origin: 0 0`, so nothing here touches the DOM.
 */

export interface View {
  /** Translation in viewport pixels. */
  x: number;
  y: number;
  /** Scale: viewport pixels per map unit. */
  k: number;
}

export interface Size {
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

export interface Rect extends Point, Size {}

export interface ScaleLimits {
  min: number;
  max: number;
}

/** Space kept around the map when fitting, in viewport pixels. */
export const FIT_PADDING = 16;
/** One press of +/− or the buttons. */
export const ZOOM_STEP = 1.25;
/** One arrow-key press pans this many viewport pixels. */
export const KEY_PAN_STEP = 64;

export const IDENTITY: View = { x: 0, y: 0, k: 1 };

/** The view that shows all of `content` centred in `viewport`, with `padding` pixels around it. */
export function fitView(content: Size, viewport: Size, padding = FIT_PADDING): View {
  if (content.width <= 0 || content.height <= 0 || viewport.width <= 0 || viewport.height <= 0) return IDENTITY;
  const room = { width: Math.max(1, viewport.width - 2 * padding), height: Math.max(1, viewport.height - 2 * padding) };
  const k = Math.min(room.width / content.width, room.height / content.height);
  return { k, x: (viewport.width - content.width * k) / 2, y: (viewport.height - content.height * k) / 2 };
}

/**
 * How far zoom may go, relative to the fitted scale: out to a quarter of the fitted map (never
 * lost), in to 64 times it or 8 viewport pixels per map unit, whichever is more (a door on a
 * campus plan must become clickable).
 */
export function scaleLimits(fitScale: number): ScaleLimits {
  const fit = fitScale > 0 && Number.isFinite(fitScale) ? fitScale : 1;
  return { min: fit / 4, max: Math.max(fit * 64, 8) };
}

export function clampScale(k: number, limits: ScaleLimits): number {
  return Math.min(limits.max, Math.max(limits.min, k));
}

/**
 * Zooms by `factor` keeping the map point under `anchor` (viewport pixels) where it is: the
 * cursor for the wheel, the viewport's centre for keys and buttons.
 */
export function zoomAround(view: View, factor: number, anchor: Point, limits: ScaleLimits): View {
  const k = clampScale(view.k * factor, limits);
  if (k === view.k) return view;
  const ratio = k / view.k;
  return { k, x: anchor.x - (anchor.x - view.x) * ratio, y: anchor.y - (anchor.y - view.y) * ratio };
}

export function panBy(view: View, dx: number, dy: number): View {
  return { k: view.k, x: view.x + dx, y: view.y + dy };
}

/** The map point shown at viewport point `p`. */
export function toMap(view: View, p: Point): Point {
  return { x: (p.x - view.x) / view.k, y: (p.y - view.y) / view.k };
}

/**
 * Centres `rect` (map units) in the viewport, zooming in so it fills at most a third of the
 * viewport (and never zooming out from the current scale).
 */
export function centreOn(view: View, rect: Rect, viewport: Size, limits: ScaleLimits): View {
  const wanted =
    rect.width > 0 && rect.height > 0
      ? Math.min(viewport.width / 3 / rect.width, viewport.height / 3 / rect.height)
      : view.k;
  const k = clampScale(Math.max(view.k, wanted), limits);
  const cx = rect.x + rect.width / 2;
  const cy = rect.y + rect.height / 2;
  return { k, x: viewport.width / 2 - cx * k, y: viewport.height / 2 - cy * k };
}

/**
 * Zoom factor for one wheel event. Pixel deltas (trackpads, most mice in Chromium) scale
 * smoothly; line and page deltas (Firefox, some mice) are converted to pixels first.
 */
export function wheelZoomFactor(deltaY: number, deltaMode: number): number {
  const pixels = deltaMode === 1 ? deltaY * 16 : deltaMode === 2 ? deltaY * 400 : deltaY;
  // Capped so one notch of a coarse wheel never jumps more than ×2.
  const step = Math.max(-300, Math.min(300, pixels));
  return Math.exp(-step * 0.0023);
}

/** The CSS transform of a view (with `transform-origin: 0 0`). */
export function transformCss(view: View): string {
  return `translate(${view.x}px, ${view.y}px) scale(${view.k})`;
}
