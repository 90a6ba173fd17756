// Package assets holds the files Vigía ships inside its binary: the app
// icon, and the word lists the local models use (lexicons.go), each with
// its licence file beside it. It does not import Fyne;
// the ui package wraps these bytes into resources.
package assets

import _ "embed"

// IconPNG is the app icon, 512×512 PNG, rendered from icon.svg.
//
//go:embed icon.png
var IconPNG []byte
