/** Loopback HTTP servers for tests of the site map's status sources. */
export * from './status-upstream.js';
