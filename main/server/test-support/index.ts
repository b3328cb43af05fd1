/** A real Core and server on a free loopback port, for the route tests of the slices that own routes. */
export * from './server-fixture.js';
