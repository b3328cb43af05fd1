import type { Overlay } from '../../../main/contract/index.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Writes each overlay's label on its shape, for a board read from across the room with no pointer
 * to hover. Each label goes right after its shape, in the same parent and with the same transform,
 * so it lands on the shape whatever groups or transforms the drawing uses. Returns the undo.
 */
export function drawOverlayLabels(svg: SVGSVGElement, overlays: readonly Overlay[]): () => void {
  const added: SVGTextElement[] = [];
  for (const overlay of overlays) {
    if (!overlay.shapeId || !overlay.label) continue;
    const shape = svg.getElementById(overlay.shapeId);
    if (!(shape instanceof SVGGraphicsElement) || !shape.parentNode) continue;
    const box = shape.getBBox();
    if (box.width === 0 || box.height === 0) continue;
    const text = document.createElementNS(SVG_NS, 'text');
    text.setAttribute('class', 'overlay-label');
    text.setAttribute('x', String(box.x + box.width / 2));
    text.setAttribute('y', String(box.y + box.height / 2));
    // As large as fits the shape's width (a character is about 0.6 em wide) and a third of its height.
    const size = Math.max(3, Math.min(box.height / 3, (box.width * 0.9) / (overlay.label.length * 0.6), 24));
    text.setAttribute('font-size', size.toFixed(2));
    const transform = shape.getAttribute('transform');
    if (transform) text.setAttribute('transform', transform);
    text.textContent = overlay.label;
    shape.after(text);
    added.push(text);
  }
  return () => {
    for (const text of added) text.remove();
  };
}
