import { JSDOM } from 'jsdom';
import { afterEach, describe, expect, it } from 'vitest';
import { watchLinkIntent } from './link-prefetch.js';

const ORIGIN = 'http://outpost.test';

function page(html: string) {
  const dom = new JSDOM(`<body>${html}</body>`, { url: `${ORIGIN}/` });
  const asked: string[] = [];
  const stop = watchLinkIntent(dom.window.document, ORIGIN, (path) => asked.push(path));
  const fire = (selector: string, type: string) =>
    dom.window.document.querySelector(selector)!.dispatchEvent(new dom.window.Event(type, { bubbles: true }));
  return { asked, stop, fire, dom };
}

describe('watchLinkIntent', () => {
  let cleanup: (() => void) | undefined;
  afterEach(() => cleanup?.());

  it('prefetches a link the pointer rests on, focus lands on or a finger touches, once per path', () => {
    const p = page(
      '<nav><a id="events" href="/events"><span id="inner">Events</span></a><a id="map" href="/map?site=1">Map</a>' +
        '<a id="dash" href="/dashboard">Dashboard</a></nav>',
    );
    cleanup = p.stop;
    p.fire('#inner', 'mouseover');
    p.fire('#events', 'focusin');
    p.fire('#map', 'focusin');
    p.fire('#dash', 'touchstart');
    expect(p.asked).toEqual(['/events', '/map', '/dashboard']);
  });

  it('ignores other origins, elements that are not links, and stops when asked', () => {
    const p = page(
      '<a id="out" href="https://example.com/x">Out</a><button id="b">B</button><a id="in" href="/jobs">Jobs</a>',
    );
    p.fire('#out', 'mouseover');
    p.fire('#b', 'mouseover');
    p.stop();
    p.fire('#in', 'mouseover');
    expect(p.asked).toEqual([]);
  });
});
