package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// The dashboard's layouts: Fyne's grids either wrap fixed sizes or never
// wrap, and its padding, meant for forms, took half of a stat card.

// cardGrid lays its objects out in as many equal columns as fit minWidth
// wide (at most max, at least one), in rows as tall as the tallest object:
// the six cards make one row at 900 px and wrap on narrower windows. As
// Fyne's GridWrap, its MinSize counts the rows of its last layout.
type cardGrid struct {
	minWidth float32
	max      int
	cols     int // at the last Layout; 0 before
}

func (g *cardGrid) columns(width float32, n int) int {
	pad := theme.Padding()
	c := int((width + pad) / (g.minWidth + pad))
	return max(1, min(c, g.max, n))
}

func (g *cardGrid) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	vis := visibleObjects(objs)
	if len(vis) == 0 {
		return
	}
	pad := theme.Padding()
	g.cols = g.columns(size.Width, len(vis))
	w := (size.Width - pad*float32(g.cols-1)) / float32(g.cols)
	h := rowHeight(vis)
	for i, o := range vis {
		r, c := i/g.cols, i%g.cols
		o.Move(fyne.NewPos(float32(c)*(w+pad), float32(r)*(h+pad)))
		o.Resize(fyne.NewSize(w, h))
	}
}

func (g *cardGrid) MinSize(objs []fyne.CanvasObject) fyne.Size {
	vis := visibleObjects(objs)
	if len(vis) == 0 {
		return fyne.Size{}
	}
	cols := g.cols
	if cols == 0 {
		cols = min(g.max, len(vis))
	}
	rows := (len(vis) + cols - 1) / cols
	return fyne.NewSize(g.minWidth, float32(rows)*rowHeight(vis)+float32(rows-1)*theme.Padding())
}

func visibleObjects(objs []fyne.CanvasObject) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for _, o := range objs {
		if o.Visible() {
			out = append(out, o)
		}
	}
	return out
}

func rowHeight(objs []fyne.CanvasObject) float32 {
	var h float32
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return h
}

// toolbarLayout lays out two objects: the first on the left and the second
// on the right of one row when they fit side by side, else the second
// under the first, on the right (a past session's scope, in Spanish, is
// too wide for both at 900 px). As cardGrid, its MinSize counts the rows
// of its last layout.
type toolbarLayout struct{ rows int }

func (t *toolbarLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) != 2 {
		return
	}
	left, right := objs[0].MinSize(), objs[1].MinSize()
	pad := theme.Padding()
	if left.Width+pad+right.Width <= size.Width {
		t.rows = 1
		h := max(left.Height, right.Height)
		objs[0].Move(fyne.Position{})
		objs[0].Resize(fyne.NewSize(size.Width-right.Width-pad, h))
		objs[1].Move(fyne.NewPos(size.Width-right.Width, 0))
		objs[1].Resize(fyne.NewSize(right.Width, h))
		return
	}
	t.rows = 2
	objs[0].Move(fyne.Position{})
	objs[0].Resize(fyne.NewSize(size.Width, left.Height))
	objs[1].Move(fyne.NewPos(max(size.Width-right.Width, 0), left.Height+pad))
	objs[1].Resize(right)
}

func (t *toolbarLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	if len(objs) != 2 {
		return fyne.Size{}
	}
	left, right := objs[0].MinSize(), objs[1].MinSize()
	if t.rows == 2 {
		return fyne.NewSize(max(left.Width, right.Width), left.Height+theme.Padding()+right.Height)
	}
	return fyne.NewSize(max(left.Width, right.Width), max(left.Height, right.Height))
}

// fixedWidth lays its objects over each other, this wide.
type fixedWidth float32

func (f fixedWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.Position{})
		o.Resize(size)
	}
}

func (f fixedWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(float32(f), rowHeight(objs))
}

// compactTheme is the app's theme with a third of its padding, for the
// cards' contents. It asks the app's theme of the moment, so that it
// follows a change of theme.
type compactTheme struct{}

var _ fyne.Theme = compactTheme{}

func (compactTheme) current() fyne.Theme { return fyne.CurrentApp().Settings().Theme() }

func (t compactTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return t.current().Color(n, v)
}

func (t compactTheme) Font(s fyne.TextStyle) fyne.Resource { return t.current().Font(s) }

func (t compactTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.current().Icon(n) }

func (t compactTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameInnerPadding, theme.SizeNamePadding:
		return t.current().Size(n) / 3
	}
	return t.current().Size(n)
}

// cellWrap is Fyne's GridWrap with cells as large as its largest object's
// MinSize: a titled chart's image then gets its own MinSize exactly, in
// whole pixels, and is drawn at that size without being scaled (the title's
// height, from the theme, is not a whole number). As GridWrap, its MinSize
// counts the rows of its last layout.
type cellWrap struct{ rows int }

func (g *cellWrap) cell(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}

func (g *cellWrap) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	vis := visibleObjects(objs)
	if len(vis) == 0 {
		return
	}
	cell, pad := g.cell(vis), theme.Padding()
	cols := max(1, int((size.Width+pad)/(cell.Width+pad)))
	g.rows = (len(vis) + cols - 1) / cols
	for i, o := range vis {
		r, c := i/cols, i%cols
		o.Move(fyne.NewPos(float32(c)*(cell.Width+pad), float32(r)*(cell.Height+pad)))
		o.Resize(cell)
	}
}

func (g *cellWrap) MinSize(objs []fyne.CanvasObject) fyne.Size {
	vis := visibleObjects(objs)
	if len(vis) == 0 {
		return fyne.Size{}
	}
	cell, rows := g.cell(vis), max(g.rows, 1)
	return fyne.NewSize(cell.Width, float32(rows)*cell.Height+float32(rows-1)*theme.Padding())
}

// afterLayout lays out as inner does, then calls after: the dashboard
// learns there that its images were resized.
type afterLayout struct {
	inner fyne.Layout
	after func()
}

func (l afterLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.inner.Layout(objs, size)
	l.after()
}

func (l afterLayout) MinSize(objs []fyne.CanvasObject) fyne.Size { return l.inner.MinSize(objs) }
