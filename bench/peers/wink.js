// wink.js scores each JSON line {"text": ...} on stdin with the
// wink-sentiment package (AFINN-165 and emoji, with negation) and writes
// one JSON line {"score": normalizedScore, "ns": time of the call} per
// input line, after a first line {"ready": true, "load_ms": ..., "rss_kb": ...}.
import { run } from './lines.js';

const t0 = process.hrtime.bigint();
const { default: sentiment } = await import('wink-sentiment');
run(t0, (text) => ({ score: sentiment(text).normalizedScore }));
