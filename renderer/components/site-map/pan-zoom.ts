import {
  centreOn,
  fitView,
  IDENTITY,
  panBy,
  scaleLimits,
  transformCss,
  wheelZoomFactor,
  zoomAround,
  type Point,
  type Rect,
  type ScaleLimits,
  type Size,
  type View,
} from './view-transform.js';

/** A press that moves less than this (CSS pixels) is a click, not a drag. */
export const DRAG_THRESHOLD = 4;
/** After the last zoom step, the layer is re-rasterised at its new scale this much later. */
const SHARPEN_DELAY_MS = 200;

export interface PanZoomOptions {
  /**
   * Shown over the map while dragging (with the "grabbing" cursor) and given the pointer capture.
   * A class or cursor change on the viewport would be inherited by every shape of the drawing and
   * restyle all 5,000 of them (about 40 ms) at the start and the end of each drag; a sibling costs nothing.
   */
  dragSurface?: HTMLElement | null;
  /** A drag started or ended: the canvas hides its hover label while panning. */
  onPanningChange?(panning: boolean): void;
}

/**
 * Pan and zoom of the map layer, outside React: pointer moves and wheel steps change `view` and
 * write one CSS transform to the layer in the next animation frame. Re-rendering React per mouse
 * move would diff the canvas 60 times a second; this writes one style property instead, and the
 * compositor moves the already-painted layer.
 */
export class PanZoomController {
  private view: View = IDENTITY;
  private content: Size | null = null;
  private viewport: Size = { width: 0, height: 0 };
  private limits: ScaleLimits = scaleLimits(1);
  private frame = 0;
  private sharpenTimer: ReturnType<typeof setTimeout> | undefined;
  /** True once the user moved the map: a resize then keeps their view instead of fitting again. */
  private moved = false;
  private press: { id: number; start: Point; last: Point; dragging: boolean } | null = null;
  /** Set by a drag, read (and cleared) by the click that ends it. */
  private dragEnded = false;
  private readonly removers: (() => void)[] = [];

  constructor(
    private readonly viewportEl: HTMLElement,
    private readonly layer: HTMLElement,
    private readonly options: PanZoomOptions = {},
  ) {
    layer.style.transformOrigin = '0 0';
    layer.style.willChange = 'transform';
    this.listen('pointerdown', (e) => this.onPointerDown(e as PointerEvent));
    this.listen('pointermove', (e) => this.onPointerMove(e as PointerEvent));
    this.listen('pointerup', (e) => this.onPointerEnd(e as PointerEvent));
    this.listen('pointercancel', (e) => this.onPointerEnd(e as PointerEvent));
    // Not passive: the page must not scroll while the wheel zooms the map.
    this.listen('wheel', (e) => this.onWheel(e as WheelEvent), { passive: false });
  }

  private listen(type: string, fn: (e: Event) => void, options?: AddEventListenerOptions): void {
    this.viewportEl.addEventListener(type, fn, options);
    this.removers.push(() => this.viewportEl.removeEventListener(type, fn, options));
  }

  destroy(): void {
    for (const remove of this.removers) remove();
    cancelAnimationFrame(this.frame);
    clearTimeout(this.sharpenTimer);
  }

  get current(): View {
    return this.view;
  }

  get panning(): boolean {
    return this.press?.dragging ?? false;
  }

  /** True when the press that just ended moved the map; the click it fires must not select a shape. */
  consumeDrag(): boolean {
    const ended = this.dragEnded;
    this.dragEnded = false;
    return ended;
  }

  setContent(size: Size | null): void {
    this.content = size;
    this.fit();
  }

  setViewport(size: Size): void {
    const first = this.viewport.width === 0 || this.viewport.height === 0;
    this.viewport = size;
    if (first || !this.moved) this.fit();
    else this.limits = scaleLimits(this.fitted().k);
  }

  private fitted(): View {
    return this.content ? fitView(this.content, this.viewport) : IDENTITY;
  }

  fit(): void {
    this.view = this.fitted();
    this.limits = scaleLimits(this.view.k);
    this.moved = false;
    this.apply(true);
  }

  zoomBy(factor: number, anchor?: Point): void {
    const at = anchor ?? { x: this.viewport.width / 2, y: this.viewport.height / 2 };
    this.set(zoomAround(this.view, factor, at, this.limits), true);
  }

  panBy(dx: number, dy: number): void {
    this.set(panBy(this.view, dx, dy), false);
  }

  /** Brings a box of the drawing (its own coordinates, origin at the layer's top-left) into view. */
  centreOn(rect: Rect): void {
    this.set(centreOn(this.view, rect, this.viewport, this.limits), true);
  }

  private set(view: View, zoomed: boolean): void {
    if (view === this.view) return;
    this.view = view;
    this.moved = true;
    this.apply(zoomed);
  }

  private apply(zoomed: boolean): void {
    if (!this.frame) {
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.layer.style.transform = transformCss(this.view);
      });
    }
    if (zoomed) this.sharpenLater();
  }

  /**
   * A `will-change: transform` layer keeps the raster it was painted at, so zooming in would blur
   * the plan. Once zooming pauses, dropping and restoring the hint makes the browser paint it once
   * at the new scale; panning never re-paints.
   */
  private sharpenLater(): void {
    clearTimeout(this.sharpenTimer);
    this.sharpenTimer = setTimeout(() => {
      this.layer.style.willChange = 'auto';
      requestAnimationFrame(() => {
        this.layer.style.willChange = 'transform';
      });
    }, SHARPEN_DELAY_MS);
  }

  private point(e: MouseEvent): Point {
    const box = this.viewportEl.getBoundingClientRect();
    return { x: e.clientX - box.left, y: e.clientY - box.top };
  }

  private onPointerDown(e: PointerEvent): void {
    if (e.button !== 0 || this.press) return;
    // Buttons and other controls inside the viewport keep their own behaviour.
    if ((e.target as Element | null)?.closest?.('button, a, input, select, textarea')) return;
    this.dragEnded = false;
    const p = this.point(e);
    this.press = { id: e.pointerId, start: p, last: p, dragging: false };
  }

  private onPointerMove(e: PointerEvent): void {
    const press = this.press;
    if (!press || press.id !== e.pointerId) return;
    const p = this.point(e);
    if (!press.dragging) {
      if (Math.hypot(p.x - press.start.x, p.y - press.start.y) < DRAG_THRESHOLD) return;
      press.dragging = true;
      // Captured only once it is a drag: a plain click must still reach the shape under it.
      const surface = this.options.dragSurface ?? this.viewportEl;
      if (this.options.dragSurface) this.options.dragSurface.hidden = false;
      surface.setPointerCapture?.(e.pointerId);
      this.options.onPanningChange?.(true);
    }
    this.panBy(p.x - press.last.x, p.y - press.last.y);
    press.last = p;
  }

  private onPointerEnd(e: PointerEvent): void {
    const press = this.press;
    if (!press || press.id !== e.pointerId) return;
    this.press = null;
    if (!press.dragging) return;
    this.dragEnded = true;
    const surface = this.options.dragSurface ?? this.viewportEl;
    if (surface.hasPointerCapture?.(e.pointerId)) surface.releasePointerCapture(e.pointerId);
    if (this.options.dragSurface) this.options.dragSurface.hidden = true;
    this.options.onPanningChange?.(false);
  }

  private onWheel(e: WheelEvent): void {
    e.preventDefault();
    // Horizontal-only wheels (trackpad side swipes) pan instead.
    if (e.deltaY === 0 && e.deltaX !== 0) {
      this.panBy(-e.deltaX, 0);
      return;
    }
    this.zoomBy(wheelZoomFactor(e.deltaY, e.deltaMode), this.point(e));
  }
}
