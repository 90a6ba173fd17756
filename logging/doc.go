// Package logging is Vigía's logging: one log/slog handler tree that writes
// every record to three places at once, as the seed's console and file
// handlers did, plus one a desktop app needs:
//
//   - the console, as human text in the seed's shape
//     "2026-11-27 20:43:25.123 - vigia.session.<id> - INFO - message k=v";
//   - app.log, JSON lines rotated by lumberjack, behind a buffer that is
//     flushed every second, at once for WARN and above, and on Close;
//   - debug.log, the same lines, open only while debug mode is on;
//   - a Ring of the last records in memory, for a log viewer.
//
// One slog.LevelVar sets the level everywhere: debug mode is DEBUG, otherwise
// INFO. Attributes named like secrets (api_key, token, password,
// authorization, secret…) and values that look like bearer tokens or "sk-"
// keys are written as [REDACTED], by package redact's rules (the
// diagnostics bundle follows the same); control characters can't start a forged
// line on the console; JSON stays valid for any input.
//
// A log directory that can't be written never stops the app: records still
// reach the console and the ring, and Problem says what is wrong.
//
// One process at a time writes a directory's app.log: it holds an flock on
// LockName. A System started while another holds it writes app.PID.log and
// debug.PID.log; the owner removes such files once their process has ended
// and they are older than MaxAgeDays, as rotation does with backups.
//
// The package knows nothing of sessions beyond an attribute: WithSession
// names a logger "vigia.session.<id>" and adds session=<id>.
package logging
