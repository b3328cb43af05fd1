/** A loopback server that records every request, to prove the guard never let one through. */
export * from './recording-server.js';
