package ui

import (
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Theme choices: the values of the theme setting (config.Schema).
const (
	ThemeSystem = ""      // follow the system's light or dark variant
	ThemeLight  = "light" // always light
	ThemeDark   = "dark"  // always dark
)

// ThemeFor returns the theme of a theme setting's value: Fyne's default theme,
// which follows the system, for ThemeSystem or an unknown value; the
// default theme held to one variant for ThemeLight and ThemeDark.
func ThemeFor(choice string) fyne.Theme {
	switch choice {
	case ThemeLight:
		return &variantTheme{Theme: theme.DefaultTheme(), variant: theme.VariantLight}
	case ThemeDark:
		return &variantTheme{Theme: theme.DefaultTheme(), variant: theme.VariantDark}
	}
	return theme.DefaultTheme()
}

// variantTheme is a theme held to one variant, whatever the system's. Fyne
// 2.7 has no setting for that that is not deprecated (FYNE_THEME and
// theme.LightTheme are), so the colours are asked of the wrapped theme in
// the forced variant; fonts, icons and sizes don't depend on it.
type variantTheme struct {
	fyne.Theme
	variant fyne.ThemeVariant
}

var _ fyne.Theme = (*variantTheme)(nil)

// Color returns the wrapped theme's colour n in the forced variant.
func (t *variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.variant)
}

// firstFrameStyles are the text styles of a window's first frame: regular,
// and bold (Fyne draws the tabs', menus' and buttons' texts bold). The
// workspace, the first tab, uses no other (no italic, no monospace until a
// task's figures show), since each style costs a set of font faces.
var firstFrameStyles = []fyne.TextStyle{{}, {Bold: true}}

// NewFirstWindow makes the first session's window, empty, for
// Deps.FirstWindow. Its first call initialises GLFW, which connects to the
// window system: the caller makes it before WarmFonts starts, so that
// GLFW's init runs alone, and keeps CheckDisplay's connection open until
// it returns (end-to-end runs failed now and then to open the display:
// the check's connection, closed at once, had left the private Xvfb
// without a client, and it reset itself under GLFW's connection).
//
// A window system that fails to start (Xlib failing to open the display,
// say) is an error, not GLFW's panic: the caller says so in one line.
func NewFirstWindow(fa fyne.App) (w fyne.Window, err error) {
	defer func() {
		if v := recover(); v != nil {
			w, err = nil, fmt.Errorf("the window system did not start: %v", v)
		}
	}()
	return fa.NewWindow("Vigía"), nil // titled for its session when it opens
}

// WarmFonts parses the font faces of the first frame's text styles and
// returns once they are cached. A style's first text parses its faces
// (Fyne's font for the style, its 4 MB emoji font and a system font for
// the locale): done on the UI goroutine, that was a good part of the time
// to the first frame. The caller runs it on a goroutine of its own, once
// the theme is set and NewFirstWindow returned, beside the making of the
// first window, and closes Deps.FontsWarmed when it returns. The styles
// are parsed one after the other: on two cores, the main thread making
// the window (Mesa's GL context, the longest part) keeps a core to itself;
// with a goroutine for each style, three threads fought for the two, and
// the first frame came later (bench/cmd/firstframe, docs/PERFORMANCE-NOTES.md).
func WarmFonts() {
	size := theme.TextSize()
	for _, st := range firstFrameStyles {
		fyne.MeasureText("Vigía", size, st)
	}
}
