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
// Every JSON line is one object with each key once, at every level. The
// built-in fields time, level, msg, logger and session always hold the
// record's own values and are top-level, whatever groups a logger has open
// (WithSession(l.WithGroup("req"), id) still writes "session" at the top).
// An attribute whose key is taken — by a built-in field, at the top level,
// or by an earlier attribute or group at the same level — is kept under
// attr.<key>, or attr.<key>.2, attr.<key>.3… when that is taken too: never
// dropped, never written twice. So log.Info("m", "level", "x") writes
// "level":"INFO","attr.level":"x", and With("k", 1).Info("m", "k", 2)
// writes "k":1,"attr.k":2. The console's k=v pairs and the ring's
// attributes follow the same rule on their dotted keys. One exception: on a
// logger without a session, the first top-level "session" string attribute
// is the record's session (a record about another session, such as
// session_crashed, is filed under it).
//
// Bidirectional controls (U+202A–U+202E, U+2066–U+2069) and the marks
// U+200E, U+200F and U+061C are escaped as \uXXXX on the console, in the
// ring's lines and in the JSON, like C0 and C1 controls and U+2028/U+2029:
// a value can't make a line read differently from what it holds.
//
// A log directory that can't be written never stops the app: records still
// reach the console and the ring, and Problem says what is wrong. While a
// file can't be written its records wait in memory, up to 4 MB; beyond it
// the oldest are dropped, and counted exactly, in records: Problem returns
// a *FileError whose Dropped (and message, "N records not written") says
// how many so far, and a WARN (event log_lost) gives the final count when
// the file is writable again or at Close. A file always ends at a record
// boundary, after Close and after any failed write: a write the full disk
// cuts in the middle of a record is taken back (truncated) and the record
// written whole later, or counted as not written. A line a crash cut is
// ended by the next run before it writes, so no record is glued to it.
//
// Each file has one writer, between processes and within one. One process
// at a time writes a directory's app.log: it holds an flock on LockName. A
// System started while another holds it writes app.PID.log and
// debug.PID.log; a further System of the same process app.PID-2.log,
// app.PID-3.log… (a process-wide registry keeps the names apart). The owner
// removes such files once their process has ended and they are older than
// MaxAgeDays, as rotation does with backups.
//
// The package knows nothing of sessions beyond that field: WithSession
// names a logger "vigia.session.<id>" and gives its records session=<id>.
package logging
