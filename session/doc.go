// Package session gives each window (or CLI run) of Vigía a session: an ID,
// a start time and its own logger, carried in a context.Context. It makes
// the seed's helpers real:
//
//   - Track is log_user_interaction: one event=user_action record;
//   - Run is monitor_performance and safe_execution in one: it times a task,
//     turns a panic into an error, logs one event=task record and reports
//     the outcome to a Hook, so that metrics can count it without this
//     package knowing of them.
//
// Manager starts, ends and lists sessions and logs event=session_start and
// event=session_end records.
package session
