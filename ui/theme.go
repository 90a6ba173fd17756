package ui

import (
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
