package engine

import (
	"io"
	"os"
	"path/filepath"

	"vigia/models/openai"
	"vigia/report"
	"vigia/telemetry"
)

// WriteDiagnostics writes a ZIP bundle for a bug report (report.Diagnostics):
// the logs, the sessions journal, the figures of all sessions, the settings
// (secrets removed) and the versions. It is the one way Vigía makes one: the
// window's Sessions tab calls it through Engine.Diagnostics, and `vigia
// diagnostics`, which starts no engine, with e nil.
//
// in gives the versions and the settings, which the caller knows (the
// window its saved settings, the command line each setting in effect and
// its origin; the engine doesn't import Fyne, hence FyneVersion). With an
// engine, the logs, the journal and the figures are e's (in's LogDir,
// JournalPath, Summary and Series are replaced); without one, in's. The
// OpenAI API key of the environment is added to in.Secrets: it is removed
// from every file, and so are the values of the OTLP headers variables
// (telemetry.Secrets).
func WriteDiagnostics(w io.Writer, e *Engine, in report.DiagInput) error {
	in.Secrets = in.Secrets[:len(in.Secrets):len(in.Secrets)]
	if k := os.Getenv(openai.APIKeyEnv); k != "" {
		in.Secrets = append(in.Secrets, k)
	}
	// The OTLP headers' values (an API key, an Authorization): never
	// logged, and removed all the same should the SDK have quoted one.
	in.Secrets = append(in.Secrets, telemetry.Secrets()...)
	if e != nil {
		e.logs.Flush() // the bundle's app.log ends with the last record
		in.LogDir = filepath.Dir(e.logs.AppLogPath())
		in.JournalPath = ""
		if e.journal != nil {
			in.JournalPath = e.journalPath
		}
		in.Summary, in.Series, in.Scope = e.AllSummary(), e.AllSeries(), ""
	}
	return report.Diagnostics(w, in)
}

// Diagnostics is WriteDiagnostics with e's logs, journal and figures, and
// the given settings and versions.
func (e *Engine) Diagnostics(w io.Writer, settings map[string]any, version, fyneVersion string) error {
	return WriteDiagnostics(w, e, report.DiagInput{Version: version, FyneVersion: fyneVersion, Settings: settings})
}
