// eld.js detects the language of each JSON line {"text": ...} on stdin
// with eld's medium database (its default; every language it knows) and writes one
// JSON line {"lang": ISO 639-1 or "", "reliable": bool, "ns": time of the
// call} per input line. The first line out, before any input is read, is
// {"ready": true, "load_ms": ..., "rss_kb": ...}.
import { run } from './lines.js';

const t0 = process.hrtime.bigint();
const { eld } = await import('eld/medium');
run(t0, (text) => {
	const r = eld.detect(text);
	return { lang: r.language || '', reliable: r.isReliable() };
});
