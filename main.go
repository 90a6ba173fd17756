// Command vigia is Vigía, a desktop app that watches its own work: with no
// arguments it opens a window for one session; every task and user action
// in it is timed, guarded against panics and logged to the console, to
// rotated files and to memory. Run "vigia --help" for the flags.
//
// main only wires: package app owns the process's life.
package main

import (
	_ "embed"
	"os"

	_ "clocale" // the C locale reads as English before Fyne's init parses it

	"vigia/app"
)

// fyneAppToml is the app's metadata (name, ID, version, build), the one
// source the fyne tool, the packaging scripts and the binary all read.
//
//go:embed FyneApp.toml
var fyneAppToml []byte

func main() { os.Exit(app.Main(fyneAppToml, os.Args[1:])) }
