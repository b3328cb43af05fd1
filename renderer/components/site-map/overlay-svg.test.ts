// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { OverlaySvgError, prepareOverlaySvg, readViewBox, shapeIdAt } from './overlay-svg.js';

const SVG = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="10 20 300 200">
  <style>.room { fill: #eee }</style>
  <script>alert(1)</script>
  <foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>
  <defs><symbol id="door"><rect width="2" height="2"/></symbol></defs>
  <g id="floor-1">
    <rect id="room-1" class="room" x="10" y="20" width="50" height="40" style="fill:#ff0000;stroke:#000;stroke-width:2" onclick="alert(2)"/>
    <g id="room-2"><path id="room-2-outline" d="M0 0h10v10z"/><text>Room 2</text></g>
    <use href="#door" x="5"/>
    <use xlink:href="https://evil.example/x.svg#a"/>
    <image href="https://evil.example/track.png"/>
  </g>
</svg>`;

describe('prepareOverlaySvg', () => {
  it('sanitises the drawing again: no script, foreignObject, handlers or outside links', () => {
    const { svg } = prepareOverlaySvg(SVG);
    const text = svg.outerHTML;
    expect(text).not.toMatch(/script|foreignObject|onclick|evil\.example/i);
    expect(svg.querySelector('use[href="#door"]')).not.toBeNull();
  });

  it('moves style attributes to the CSSOM and hands <style> sheets back', () => {
    const { svg, css, byId } = prepareOverlaySvg(SVG);
    const room = byId.get('room-1')!;
    expect(room.hasAttribute('style')).toBe(true);
    expect(room.style.getPropertyValue('fill')).toMatch(/^(#ff0000|rgb\(255, 0, 0\))$/);
    expect(room.hasAttribute('data-outpost-style')).toBe(false);
    expect(svg.querySelector('style')).toBeNull();
    expect(css).toEqual(['.room { fill: #eee }']);
  });

  it('indexes elements by id and reads the viewBox', () => {
    const { byId, viewBox } = prepareOverlaySvg(SVG);
    expect([...byId.keys()]).toEqual(['door', 'floor-1', 'room-1', 'room-2', 'room-2-outline']);
    expect(viewBox).toEqual({ x: 10, y: 20, width: 300, height: 200 });
  });

  it('refuses text that is not an SVG drawing', () => {
    expect(() => prepareOverlaySvg('<svg><rect></svg>')).toThrow(OverlaySvgError);
    expect(() => prepareOverlaySvg('<html xmlns="http://www.w3.org/1999/xhtml"/>')).toThrow(OverlaySvgError);
  });
});

describe('readViewBox', () => {
  it('falls back to absolute width and height, and gives up on percentages', () => {
    const doc = new DOMParser().parseFromString('<svg xmlns="http://www.w3.org/2000/svg"/>', 'image/svg+xml');
    const svg = doc.documentElement;
    svg.setAttribute('width', '640');
    svg.setAttribute('height', '480px');
    expect(readViewBox(svg)).toEqual({ x: 0, y: 0, width: 640, height: 480 });
    svg.setAttribute('width', '100%');
    expect(readViewBox(svg)).toBeNull();
  });
});

describe('shapeIdAt', () => {
  it('walks up to the nearest shape with an id, preferring bound ones', () => {
    const { svg, byId } = prepareOverlaySvg(SVG);
    const outline = byId.get('room-2-outline')!;
    expect(shapeIdAt(outline, svg)).toBe('room-2-outline');
    expect(shapeIdAt(outline, svg, (id) => id === 'room-2')).toBe('room-2');
    // Nothing bound on the way up: the nearest id still answers (the editor binds unbound shapes).
    expect(shapeIdAt(outline, svg, () => false)).toBe('room-2-outline');
    expect(shapeIdAt(svg.querySelector('text'), svg, (id) => id === 'room-2')).toBe('room-2');
    expect(shapeIdAt(svg, svg)).toBeNull();
  });
});
