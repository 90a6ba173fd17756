// Package packaging holds what turns Vigía into installable packages: the
// Linux .desktop file and AppStream metainfo (linux/), the Debian package's
// templates and lintian allow-list (deb/), the Windows resource script
// and NSIS installer (windows/), and the lnav format for Vigía's JSON logs
// (lnav/). scripts/dist.sh builds the packages from
// them; README.md here explains every choice.
//
// It has no Go code of its own: its tests check the packaging files against
// FyneApp.toml, and build the .deb, install it into a scratch root and run
// the installed binary and the Debian and freedesktop.org validators on it;
// they check the licence files, and read a log written by package logging
// with lnav through the format.
package packaging
