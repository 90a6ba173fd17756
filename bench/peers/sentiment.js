// sentiment.js scores each JSON line {"text": ...} on stdin with the
// sentiment package (AFINN-165, English) and writes one JSON line
// {"score": ..., "comparative": ..., "ns": time of the call} per input
// line, after a first line {"ready": true, "load_ms": ..., "rss_kb": ...}.
import { run } from './lines.js';

const t0 = process.hrtime.bigint();
const { default: Sentiment } = await import('sentiment');
const s = new Sentiment();
run(t0, (text) => {
	const r = s.analyze(text);
	return { score: r.score, comparative: r.comparative };
});
