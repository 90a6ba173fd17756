package ui

import (
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"vigia/assets"
	"vigia/models"
)

// L translates an interface text (the English text is the key); texts with
// no translation are shown as they are.
func L(s string) string { return lang.L(s) }

// SetupLanguage loads the translations and picks the language: code ("en",
// "es") when set, else the system's (LANGUAGE, LC_ALL, LANG). Fyne reads the
// language from the environment when translations are added, so a choice
// made in the settings is applied through LANGUAGE. Numbers and dates
// follow the language chosen (see num).
func SetupLanguage(code string) {
	if code != "" {
		_ = os.Setenv("LANGUAGE", code)
	}
	if err := lang.AddTranslationsFS(assets.Translations, "translations"); err != nil {
		fyne.LogError("loading translations", err)
	}
	setNumbersLanguage()
}

// phrasing writes a model's result in the interface's language (see
// models.Phrased): its phrases through the translations, its figures by
// the language's conventions.
type phrasing struct{ *numbers }

func (phrasing) T(phrase string) string { return L(phrase) }

// resultText is res's text in the interface's language.
func resultText(res models.Result) string { return models.TextIn(res, phrasing{num()}) }
