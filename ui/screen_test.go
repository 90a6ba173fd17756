package ui

import (
	"testing"

	"fyne.io/fyne/v2"
)

func TestFitWindow(t *testing.T) {
	for _, c := range []struct {
		name          string
		saved, screen fyne.Size
		known         bool
		want          fyne.Size
	}{
		{"screen unknown", fyne.Size{}, fyne.Size{}, false, defaultWindow},
		{"large screen", fyne.Size{}, fyne.NewSize(1920, 1080), true, largeWindow},
		{"Xvfb 1600×1000", fyne.Size{}, fyne.NewSize(1600, 1000), true, largeWindow},
		{"laptop 1366×768", fyne.Size{}, fyne.NewSize(1366, 768), true, fyne.NewSize(1161, 653)},
		{"1024×768", fyne.Size{}, fyne.NewSize(1024, 768), true, fyne.NewSize(900, 653)},
		{"small screen", fyne.Size{}, fyne.NewSize(800, 600), true, fyne.NewSize(760, 570)},
		{"tiny screen", fyne.Size{}, fyne.NewSize(400, 300), true, minWindow},
		{"remembered", fyne.NewSize(1000, 700), fyne.NewSize(1920, 1080), true, fyne.NewSize(1000, 700)},
		{"remembered, screen unknown", fyne.NewSize(2500, 1500), fyne.Size{}, false, fyne.NewSize(2500, 1500)},
		{"remembered on a larger screen", fyne.NewSize(2500, 1500), fyne.NewSize(1366, 768), true, fyne.NewSize(1366, 768)},
		{"only the width remembered", fyne.NewSize(1000, 0), fyne.Size{}, false, fyne.NewSize(1000, 640)},
		{"remembered too small", fyne.NewSize(100, 100), fyne.Size{}, false, minWindow},
	} {
		if got := fitWindow(c.saved, c.screen, c.known); got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}

// TestFyneScale: the scale is Fyne's (internal/driver/glfw/scale.go): the
// screen's resolution over 120 dpi, at least 1, times the user's.
func TestFyneScale(t *testing.T) {
	for _, c := range []struct {
		name string
		s    screen
		user float32
		want float32
	}{
		{"96 dpi (Xvfb)", screen{1600, 1000, 423, 265}, 1, 1},
		{"no size in mm", screen{1600, 1000, 0, 0}, 1, 1},
		{"4K at 27 inches", screen{3840, 2160, 597, 336}, 1, 1.4},
		{"4K at 15 inches", screen{3840, 2160, 344, 194}, 1, 2.4},
		{"user scale", screen{1600, 1000, 423, 265}, 1.5, 1.5},
		{"absurd size in mm", screen{1600, 1000, 1, 1}, 1, 1},
	} {
		if got := fyneScale(c.s, c.user); got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}
