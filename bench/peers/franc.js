// franc.js detects the language of each JSON line {"text": ...} on stdin
// with franc-min (82 languages; minLength 1 so that it answers on every
// text, as the other detectors do) and writes one JSON line {"lang":
// ISO 639-3 or "und", "ns": time of the call} per input line, after a
// first line {"ready": true, "load_ms": ..., "rss_kb": ...}.
import { run } from './lines.js';

const t0 = process.hrtime.bigint();
const { franc } = await import('franc-min');
run(t0, (text) => ({ lang: franc(text, { minLength: 1 }) }));
