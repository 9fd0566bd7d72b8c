// Browser: runs the program and leaves the report on window.__rnn for the test to read.
import { runAll } from './conformance.mjs';

runAll('chromium').then((r) => (window.__rnn = r), (e) => (window.__rnn = { error: String(e) }));
