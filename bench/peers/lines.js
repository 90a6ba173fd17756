// lines.js is the loop the peer scripts share: JSON lines in, one JSON
// line out per line in, each with the nanoseconds the call took (the pipe
// and JSON are not counted), and first a line saying the peer is loaded.
import { createInterface } from 'node:readline';

export function run(t0, detect) {
	const rssBefore = Number(process.env.PEER_RSS_BEFORE_KB || 0);
	const load_ms = Number(process.hrtime.bigint() - t0) / 1e6;
	process.stdout.write(JSON.stringify({ ready: true, load_ms, rss_kb: Math.round(process.memoryUsage().rss / 1024), rss_before_kb: rssBefore }) + '\n');
	const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
	const out = [];
	rl.on('line', (line) => {
		if (!line) return;
		const { text } = JSON.parse(line);
		const t = process.hrtime.bigint();
		const r = detect(text);
		r.ns = Number(process.hrtime.bigint() - t);
		out.push(JSON.stringify(r));
		if (out.length >= 256) process.stdout.write(out.splice(0).join('\n') + '\n');
	});
	rl.on('close', () => {
		if (out.length) process.stdout.write(out.join('\n') + '\n');
	});
}
