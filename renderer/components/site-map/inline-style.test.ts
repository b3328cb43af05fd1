import { describe, expect, it } from 'vitest';
import { parseInlineStyle } from './inline-style.js';

describe('parseInlineStyle', () => {
  it('reads an Inkscape style attribute', () => {
    expect(parseInlineStyle('fill:#ff0000;fill-opacity:0.5;stroke:none;stroke-width:2.5px')).toEqual([
      { property: 'fill', value: '#ff0000', important: false },
      { property: 'fill-opacity', value: '0.5', important: false },
      { property: 'stroke', value: 'none', important: false },
      { property: 'stroke-width', value: '2.5px', important: false },
    ]);
  });

  it('keeps semicolons inside quotes and parentheses, drops comments and empty parts', () => {
    expect(parseInlineStyle(' font-family : "A;B" , serif ; ; /* x;y */ clip-path: url(#c;d) !important ;')).toEqual([
      { property: 'font-family', value: '"A;B" , serif', important: false },
      { property: 'clip-path', value: 'url(#c;d)', important: true },
    ]);
  });

  it('ignores malformed declarations', () => {
    expect(parseInlineStyle('no colon; :nothing; 9bad: 1; fill:')).toEqual([]);
    expect(parseInlineStyle('--custom-prop: 3')).toEqual([{ property: '--custom-prop', value: '3', important: false }]);
  });
});
