// Package journal remembers Vigía's sessions across launches: when each one
// started and ended, its final figures, and which ones never ended because
// the process died. It is the storage under the Sessions tab, the
// crash-free sessions rate and `vigia sessions`; it knows nothing of the UI.
//
// A [Journal] is one append-only file of JSON lines, one record per line:
//
//	{"type":"start","session":"s1","time":"2026-01-02T10:00:00Z","pid":4242}
//	{"type":"end","session":"s1","time":"2026-01-02T10:30:00Z","summary":{"requests":120,"errors":3,"error_rate":0.025,"p50_ms":41.5,"p95_ms":180,"model_usage":{"echo":120}}}
//	{"type":"crash_reported","session":"s0","time":"2026-01-02T10:00:01Z"}
//	{"type":"checkpoint","session":"s2","time":"…","summary":{…}}
//
// A checkpoint holds a running session's figures so far; the last one is
// the Summary of a session that never ended (its last known figures).
//
// The summary of a session that called LLM endpoints also has their
// figures, and lines without them (no LLM call, or an older Vigía) read as
// zero figures:
//
//	"llm":{"calls":4,"tokens_in":120,"tokens_out":900,"ttft_ms":{"n":4,"p50":350,"p90":800,"p95":900,"p99":950},…,"output_tokens_per_s":42.5}
//
// Each record is written with one write call and then fsynced, so a crash
// leaves at most one torn line at the end of the file. Readers skip and count
// such lines ([ReadStats]); [Open] starts the next record on a fresh line and
// [Journal.Prune] leaves them out when it rewrites the file.
//
// A session with a start and no end is crashed unless it is still running:
// started through this Journal and not ended yet, or recorded by a process
// that is still alive (the same PID, created no later than the session
// started, so a reused PID does not hide a crash). A crash_reported record
// ([Journal.MarkCrashReported]) lets the app tell the user about a crash
// once; it does not change whether the session counts as crashed.
//
// The file is shared by every Vigía process of one user: appends from
// several processes are safe, and a Journal notices when another process has
// rewritten the file and follows it. Prune is not coordinated between
// processes, so a record appended by another process while Prune rewrites
// the file can be lost; Open prunes only when something is old or torn.
package journal
