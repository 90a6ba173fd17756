package ui

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"runtime/debug"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"vigia/models"
)

// Error detail levels, as Streamlit's client.showErrorDetails: how much of
// an error a dialog shows outside debug mode. Debug mode shows everything.
const (
	DetailsFull       = "full"       // the error's own message, its type and the stack
	DetailsStacktrace = "stacktrace" // the plain message and the stack
	DetailsType       = "type"       // the plain message and the error's type (default)
	DetailsNone       = "none"       // the plain message only
)

// ErrorDetailLevels lists the valid levels.
var ErrorDetailLevels = []string{DetailsFull, DetailsStacktrace, DetailsType, DetailsNone}

// handlerPanic is the error of a UI handler that panicked.
type handlerPanic struct {
	value any
	stack []byte
}

func (h *handlerPanic) Error() string      { return fmt.Sprintf("panic: %v", h.value) }
func (h *handlerPanic) PanicValue() any    { return h.value }
func (h *handlerPanic) PanicStack() []byte { return h.stack }

// plainMessage says what went wrong in words for people.
func plainMessage(err error) string {
	var pe interface{ PanicValue() any }
	var he interface{ HTTPStatus() int }
	switch {
	case errors.Is(err, models.ErrEmptyInput):
		return L("Type or paste some text first.")
	case errors.Is(err, models.ErrInputTooLarge):
		return L("The text is too large: the limit is 1 MB.")
	case errors.Is(err, models.ErrInvalidUTF8), errors.Is(err, models.ErrNULByte):
		return L("The text holds bytes that are not valid text (binary data?).")
	case errors.Is(err, models.ErrParam):
		return firstLine(paramMessage(err).Error())
	case errors.As(err, &pe):
		return L("The task crashed. Vigía caught it and keeps running; nothing else was affected.")
	case errors.Is(err, context.DeadlineExceeded):
		return L("The task took too long and was stopped.")
	case errors.As(err, &he):
		return fmt.Sprintf(L("The server answered with an error (HTTP %d)."), he.HTTPStatus())
	}
	return L("The task failed.")
}

// errorDetail is the text a dialog shows for err at a level.
func errorDetail(err error, level string) (text string, stack string) {
	var b strings.Builder
	b.WriteString(plainMessage(err))
	var ps interface{ PanicStack() []byte }
	if errors.As(err, &ps) {
		stack = string(ps.PanicStack())
	}
	switch level {
	case DetailsFull:
		fmt.Fprintf(&b, "\n\n%s\n\n"+L("Error type: %s"), firstLine(err.Error()), errorType(err))
	case DetailsStacktrace:
	case DetailsNone:
		stack = ""
	default: // DetailsType
		fmt.Fprintf(&b, "\n\n"+L("Error type: %s"), errorType(err))
		stack = ""
	}
	if plain := plainMessage(err); plain == L("The task failed.") && level != DetailsNone && level != DetailsFull {
		b.WriteString("\n\n" + firstLine(err.Error()))
	}
	return b.String(), stack
}

// errorType names the innermost error's Go type.
func errorType(err error) string {
	for {
		u := errors.Unwrap(err)
		if u == nil {
			return reflect.TypeOf(err).String()
		}
		err = u
	}
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}

// showError shows err in a dialog on w, with as much detail as the level
// allows (everything in debug mode, with a Copy button).
func (w *sessionWindow) showError(title string, err error) {
	level := w.app.deps.ErrorDetails
	if w.app.deps.Logs.Debug() {
		level = DetailsFull
	}
	text, stack := errorDetail(err, level)
	msg := widget.NewLabel(text)
	msg.Wrapping = fyne.TextWrapWord
	content := container.NewVBox(msg)
	if stack != "" {
		st := widget.NewMultiLineEntry()
		st.SetText(stack)
		st.TextStyle = fyne.TextStyle{Monospace: true}
		scroll := container.NewScroll(st)
		scroll.SetMinSize(fyne.NewSize(560, 220))
		full := text + "\n\n" + stack
		copyBtn := widget.NewButton(L("Copy details"), func() { fyne.CurrentApp().Clipboard().SetContent(full) })
		content.Add(widget.NewLabel(L("Stack trace:")))
		content.Add(scroll)
		content.Add(copyBtn)
	}
	d := dialog.NewCustom(title, L("Close"), content, w.win)
	d.Resize(fyne.NewSize(640, 200))
	d.Show()
	w.lastDialog = text
}

// guard runs a handler's body: a panic in it is logged with its stack and
// shown in a dialog; the app keeps running.
func (w *sessionWindow) guard(action string) {
	v := recover()
	if v == nil {
		return
	}
	err := &handlerPanic{value: v, stack: debug.Stack()}
	w.sess.Logger().Error("handler panicked", "event", "ui_panic", "action", action, "panic", fmt.Sprint(v), "stack", string(err.stack))
	if w.premaking { // off the UI goroutine: shown by newSessionWindow
		w.premadeErrs = append(w.premadeErrs, err)
		return
	}
	w.showError(L("Something went wrong"), err)
}
