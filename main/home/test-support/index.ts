/** Test helpers of the home slice (tests only). */
export { T0, useHomeCacheFixture } from './home-cache-fixture.js';
