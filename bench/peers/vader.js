// vader.js scores each JSON line {"text": ...} on stdin with the
// vader-sentiment package (VADER, Hutto and Gilbert 2014) and writes one
// JSON line {"score": compound, "ns": time of the call} per input line,
// after a first line {"ready": true, "load_ms": ..., "rss_kb": ...}.
import { run } from './lines.js';

const t0 = process.hrtime.bigint();
const { default: vader } = await import('vader-sentiment');
run(t0, (text) => ({ score: vader.SentimentIntensityAnalyzer.polarity_scores(text).compound }));
