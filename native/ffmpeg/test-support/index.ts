/** Tiny snapshots and clips made with ffmpeg, for tests and benchmarks (nothing binary is committed). */
export * from './make-media.js';
