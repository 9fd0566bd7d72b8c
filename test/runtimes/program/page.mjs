// Browser: runs the program and leaves the report on window.__rnn for the test to read, with
// whether the page is cross-origin isolated (the test serves it both ways: threads, issue 14).
import { runAll } from './conformance.mjs';

// ?isas=relaxed,simd: those builds only (the page without isolation, which is about threads).
const isas = new URLSearchParams(location.search).get('isas')?.split(',');
runAll('chromium', isas).then(
  (r) => (window.__rnn = { ...r, crossOriginIsolated: globalThis.crossOriginIsolated === true }),
  (e) => (window.__rnn = { error: String(e) }),
);
