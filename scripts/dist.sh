#!/usr/bin/env bash
# dist.sh builds Vigía's packages from the working tree.
#
#   scripts/dist.sh [--out DIR] [--no-check] [TARGET...]
#
# TARGETs (default: all):
#   linux     DIR/vigia-V-linux-ARCH.tar.xz       `fyne package -os linux`: the binary, a
#                                                  .desktop file, the icon and a Makefile;
#                                                  plus LICENSE, THIRD_PARTY_NOTICES and
#                                                  lnav/vigia_log.json
#   deb       DIR/vigia_V_ARCH.deb                binary, .desktop, hicolor icons, AppStream
#                                                  metainfo, man page, copyright, changelog,
#                                                  the lnav format (a conffile in
#                                                  /etc/lnav/formats/vigia/); checked with
#                                                  desktop-file-validate, appstreamcli and
#                                                  lintian
#   windows   DIR/vigia-V-windows-amd64-setup.exe vigia.exe cross-compiled with MinGW-w64
#                                                  (icon, manifest and version resource
#                                                  embedded) in an NSIS per-user installer
#                                                  with a licence page; smoke-tested under
#                                                  wine when it is there, the installed
#                                                  window included (DIR/wine-window.png)
#   all       every target above whose tools this machine has (scripts/deps.sh dist
#             installs them all on Debian/Ubuntu)
#
# V is Version in FyneApp.toml, the one place it is written. DIR defaults to
# dist/; SHA256SUMS there lists every package in it. --no-check skips the
# validators and lintian (packaging/package_test.go runs them itself); the
# built binary is always run once with --version.
#
# Nothing is written into the source tree: the build runs in a staged copy,
# because `fyne build` and `fyne package` write files beside the sources
# (and `fyne package` bumps Build in FyneApp.toml).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/dist"
check=1
targets=()
while [ $# -gt 0 ]; do
	case "$1" in
	--out | -o)
		out=$2
		shift 2
		;;
	--out=*)
		out=${1#--out=}
		shift
		;;
	--no-check)
		check=0
		shift
		;;
	linux | deb | windows | all)
		targets+=("$1")
		shift
		;;
	*)
		sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
		exit 2
		;;
	esac
done
[ ${#targets[@]} -gt 0 ] || targets=(all)

FYNE_TOOLS_VERSION=v1.7.4
WIN_CC=x86_64-w64-mingw32-gcc
WIN_WINDRES=x86_64-w64-mingw32-windres

die() {
	echo "dist.sh: $*" >&2
	exit 1
}
say() { echo "dist.sh: $*" >&2; }

# toml_get SECTION KEY prints a string or integer value from FyneApp.toml
# (SECTION empty for the top level). Enough TOML for this file's flat keys.
toml_get() {
	awk -v want="$1" -v key="$2" '
		/^[[:space:]]*\[/ { s = $0; gsub(/[][[:space:]]/, "", s); sec = s; next }
		sec == want {
			line = $0
			sub(/^[[:space:]]+/, "", line)
			if (index(line, key) != 1) next
			rest = substr(line, length(key) + 1)
			if (rest !~ /^[[:space:]]*=/) next
			sub(/^[[:space:]]*=[[:space:]]*/, "", rest)
			sub(/[[:space:]]*(#.*)?$/, "", rest)
			gsub(/^"|"$/, "", rest)
			print rest
			exit
		}' "$root/FyneApp.toml"
}

NAME=$(toml_get Details Name)
APP_ID=$(toml_get Details ID)
VERSION=$(toml_get Details Version)
BUILD=$(toml_get Details Build)
[[ $VERSION =~ ^([0-9]+)\.([0-9]+)\.([0-9]+)$ ]] ||
	die "FyneApp.toml: Version \"$VERSION\" is not MAJOR.MINOR.PATCH"
V1=${BASH_REMATCH[1]} V2=${BASH_REMATCH[2]} V3=${BASH_REMATCH[3]}
[[ $BUILD =~ ^[0-9]+$ ]] || die "FyneApp.toml: Build \"$BUILD\" is not a number"
if [ -z "$NAME" ] || [ "$APP_ID" != io.vigia.app ]; then
	die "FyneApp.toml: Name or ID missing or changed (packaging/ uses io.vigia.app)"
fi

# The release notes can't be generated: the Debian changelog and the
# AppStream metainfo must each have an entry for this version.
changelog_version() { sed -n '1s/^vigia (\([^)]*\)).*/\1/p' "$root/packaging/deb/changelog"; }
metainfo_version() { grep -o '<release version="[^"]*"' "$root/packaging/linux/$APP_ID.metainfo.xml" | head -1 | cut -d'"' -f2; }
[ "$(changelog_version)" = "$VERSION" ] ||
	die "packaging/deb/changelog: the top entry is $(changelog_version), FyneApp.toml says $VERSION; add an entry"
[ "$(metainfo_version)" = "$VERSION" ] ||
	die "packaging/linux/$APP_ID.metainfo.xml: the newest <release> is $(metainfo_version), FyneApp.toml says $VERSION; add one"

# Reproducible time stamps: the date of the newest changelog entry.
if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
	SOURCE_DATE_EPOCH=$(date -d "$(sed -n 's/^ -- .*>  \(.*\)$/\1/p' "$root/packaging/deb/changelog" | head -1)" +%s)
fi
export SOURCE_DATE_EPOCH
RELEASE_DATE=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d)

have() { command -v "$1" >/dev/null 2>&1; }

# missing_tools TARGET prints the tools TARGET needs that are not installed.
missing_tools() {
	local t tools=(go gcc pkg-config strip tar xz)
	case "$1" in
	deb) tools+=(dpkg-deb dpkg-shlibdeps gzip) ;;
	windows) tools+=("$WIN_CC" "$WIN_WINDRES" makensis) ;;
	esac
	if [ "$check" = 1 ] && [ "$1" = deb ]; then
		tools+=(desktop-file-validate appstreamcli lintian)
	fi
	for t in "${tools[@]}"; do
		have "$t" || printf '%s ' "$t"
	done
}

# Expand "all" into what can be built here; a named target must be buildable.
want=()
for t in "${targets[@]}"; do
	if [ "$t" = all ]; then
		for a in linux deb windows; do
			m=$(missing_tools "$a")
			if [ -n "$m" ]; then
				say "skipping $a: missing ${m% } (scripts/deps.sh dist installs them)"
			else
				want+=("$a")
			fi
		done
	else
		m=$(missing_tools "$t")
		[ -z "$m" ] || die "$t needs ${m% } (scripts/deps.sh dist installs them)"
		want+=("$t")
	fi
done
[ ${#want[@]} -gt 0 ] || die "nothing can be built on this machine"

work=$(mktemp -d "${TMPDIR:-/tmp}/vigia-dist.XXXXXX")
cleanup() {
	if [ -n "${WINESERVER:-}" ] && [ -d "${WINEPREFIX:-}" ]; then
		"$WINESERVER" -k >/dev/null 2>&1 || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$out"
out=$(cd "$out" && pwd)
if [[ " ${targets[*]} " == *" all "* ]]; then
	# A full build replaces every package, so no stale version stays listed.
	rm -f "$out"/vigia_*.deb "$out"/vigia-*.tar.xz "$out"/vigia-*-setup.exe "$out/SHA256SUMS"
fi
ARCH=$(go env GOARCH)

# fyne_tool sets FYNE to the fyne command of fyne.io/tools $FYNE_TOOLS_VERSION,
# installing it with go install when it is missing.
FYNE=
fyne_tool() {
	[ -z "$FYNE" ] || return 0
	local bin
	bin=$(go env GOBIN)
	[ -n "$bin" ] || bin="$(go env GOPATH | cut -d: -f1)/bin"
	local have_version=""
	[ ! -x "$bin/fyne" ] || have_version=$("$bin/fyne" version 2>/dev/null || true)
	if [[ $have_version != *"cli version: $FYNE_TOOLS_VERSION"* ]]; then
		say "installing fyne.io/tools/cmd/fyne@$FYNE_TOOLS_VERSION"
		(cd "$work" && GOFLAGS='' go install "fyne.io/tools/cmd/fyne@$FYNE_TOOLS_VERSION")
	fi
	FYNE="$bin/fyne"
}

# stage copies the working tree (what is committed and what is not yet)
# without build outputs and VCS data.
stage() {
	[ ! -d "$work/src" ] || return 0
	mkdir -p "$work/src"
	tar -C "$root" --exclude=./.git --exclude=./bin --exclude=./dist --exclude=./artifacts \
		--exclude=./ui/testdata/failed --exclude='*.test' --exclude='*.syso' -cf - . |
		tar -C "$work/src" -xf -
}

# check_version BINARY [RUNNER...] runs BINARY --version and wants
# "vigia $VERSION (build $BUILD)" (or "vigia $VERSION").
check_version() {
	local bin=$1 got
	shift
	got=$("$@" "$bin" --version 2>/dev/null | tr -d '\r') || die "$bin --version failed"
	[ "$got" = "vigia $VERSION (build $BUILD)" ] || [ "$got" = "vigia $VERSION" ] ||
		die "$bin --version printed \"$got\", want \"vigia $VERSION (build $BUILD)\""
	say "$(basename "$bin") --version: $got"
}

# build_linux builds $work/linux/vigia once: `fyne build --release` adds
# -trimpath, -s -w, the release and migrated_fynedo tags (FyneApp.toml's
# [Migrations]), hardening C and linker flags and the FyneApp.toml metadata;
# -buildmode=pie (through GOFLAGS, which fyne passes on) makes it a
# position-independent executable, as Debian wants. Then strip drops the
# .comment and .note sections, as dh_strip would.
build_linux() {
	[ ! -x "$work/linux/vigia" ] || return 0
	fyne_tool
	stage
	mkdir -p "$work/linux"
	say "building vigia $VERSION for linux/$ARCH (the first cgo build of Fyne takes minutes)"
	(cd "$work/src" && GOFLAGS="-buildmode=pie" "$FYNE" build --os linux --release -o "$work/linux/vigia")
	strip --remove-section=.comment --remove-section=.note "$work/linux/vigia"
	check_version "$work/linux/vigia"
}

package_linux() {
	build_linux
	say "fyne package -os linux"
	(cd "$work/src" && "$FYNE" package --os linux --release --executable "$work/linux/vigia")
	cp "$root/FyneApp.toml" "$work/src/FyneApp.toml" # undo fyne package's Build bump
	# fyne package writes StartupWMClass=<app name> into the desktop file,
	# a class no window of Vigía has (GLFW takes the X11 class from the
	# window's title), so a dock would match the running window to nothing.
	# The key goes, as the .deb's desktop file has it.
	local tree=$work/tarball
	rm -rf "$tree"
	mkdir -p "$tree"
	tar -C "$tree" -xJf "$work/src/$NAME.tar.xz"
	sed -i '/^StartupWMClass=/d' "$tree"/*/usr/local/share/applications/*.desktop
	# Beside the Makefile: the licence, the third-party notices and the lnav
	# format (lnav -i lnav/vigia_log.json installs it for the user).
	local top
	top=$(find "$tree" -maxdepth 2 -name Makefile -type f | head -1)
	[ -n "$top" ] || die "fyne package made a tarball without a Makefile"
	top=$(dirname "$top")
	install -m0644 "$root/LICENSE" "$top/LICENSE"
	third_party_notices "$work/linux/vigia" "$top/THIRD_PARTY_NOTICES"
	chmod 0644 "$top/THIRD_PARTY_NOTICES"
	install -Dm0644 "$root/packaging/lnav/vigia_log.json" "$top/lnav/vigia_log.json"
	(cd "$tree" && tar --owner=0 --group=0 --numeric-owner --sort=name -cJf "$out/vigia-$VERSION-linux-$ARCH.tar.xz" -- *)
	rm -f "$work/src/$NAME.tar.xz"
	say "wrote $out/vigia-$VERSION-linux-$ARCH.tar.xz"
}

# go_modules lists the Go modules linked into BINARY with their licences,
# for the copyright file and the notices. A module replaced by a directory
# of this tree (go.mod's replace clocale => ./clocale) is Vigía's own code.
go_modules() {
	local modcache mod ver rmod rver dir f lic
	modcache=$(go env GOMODCACHE)
	echo "  Go standard library $(go version "$1" | awk '{print $2}') (BSD-3-Clause)"
	go version -m "$1" | awk '
		$1 == "dep" { if (m != "") print m, v, r, rv; m = $2; v = $3; r = $2; rv = $3; next }
		$1 == "=>" { r = $2; rv = $3; next }
		END { if (m != "") print m, v, r, rv }' | while read -r mod ver rmod rver; do
		lic="see its source"
		case "$rmod" in
		./* | ../*)
			dir="$root/$rmod"
			lic="MIT, part of Vigía's source: $rmod"
			;;
		*)
			# The module cache escapes capital letters as !lower.
			dir="$modcache/$(printf '%s' "$rmod" | sed 's/[A-Z]/!\L&/g')@$rver"
			;;
		esac
		f=$(find "$dir" -maxdepth 1 -type f \( -iname 'LICEN[CS]E*' -o -iname 'COPYING*' \) 2>/dev/null | sort | head -1 || true)
		if [ -n "$f" ]; then
			if grep -q "Apache License" "$f"; then
				lic=Apache-2.0
			elif grep -q "Mozilla Public License" "$f"; then
				lic=MPL-2.0
			elif grep -q "FreeType License" "$f"; then
				lic="FTL or GPL-2.0-or-later"
			elif grep -qi "Permission is hereby granted, free of charge" "$f"; then
				lic=Expat
			elif grep -q "Redistribution and use" "$f"; then
				if grep -qi "neither the name\|names of its contributors" "$f"; then lic=BSD-3-Clause; else lic=BSD-2-Clause; fi
			elif grep -q "Permission to use, copy, modify, and/or distribute" "$f"; then
				lic=ISC
			fi
		fi
		if [ "$rmod" = "$mod" ] && [ "$rver" = "$ver" ]; then
			echo "  $mod $ver ($lic)"
		else
			echo "  $mod $ver => $rmod $rver ($lic)"
		fi
	done
}

# third_party_notices BINARY OUT writes THIRD_PARTY_NOTICES with the Go
# modules linked into BINARY appended, for the tarball and the installer
# (the .deb lists them in its copyright file instead).
third_party_notices() {
	{
		cat "$root/THIRD_PARTY_NOTICES"
		printf '\n========================================================================\n'
		printf 'Go modules linked into %s %s\n' "$(basename "$1")" "$VERSION"
		printf '========================================================================\n\n'
		printf 'Each under the licence in its source code (listed from the binary'"'"'s\nbuild information):\n\n'
		go_modules "$1"
	} >"$2"
}

validate_desktop_and_metainfo() {
	local desktop=$1 metainfo=$2 msg
	msg=$(desktop-file-validate "$desktop" 2>&1) || die "desktop-file-validate $desktop: $msg"
	[ -z "$msg" ] || die "desktop-file-validate $desktop: $msg"
	say "desktop-file-validate: OK"
	appstreamcli validate --no-net --pedantic "$metainfo" >&2 || die "appstreamcli validate $metainfo failed"
}

# run_lintian DEB fails on any tag that packaging/deb/lintian-allow does not
# allow: a line "TAG" allows TAG anywhere, "TAG CONTEXT" only with that exact
# context (what lintian prints after the tag).
run_lintian() {
	local deb=$1 report bad
	report=$(lintian --display-level '>=pedantic' --tag-display-limit 0 "$deb" 2>&1 | grep -v 'running with root privileges' || true)
	[ -z "$report" ] || printf '%s\n' "$report" >&2
	bad=$(printf '%s\n' "$report" | awk -v allowfile="$root/packaging/deb/lintian-allow" '
		BEGIN {
			while ((getline line < allowfile) > 0) {
				sub(/#.*/, "", line); gsub(/^[ \t]+|[ \t]+$/, "", line)
				if (line != "") allow[line] = 1
			}
		}
		/^[A-Z]: vigia( [a-z]+)?: / {
			hint = $0; sub(/^[A-Z]: vigia( [a-z]+)?: /, "", hint)
			tag = hint; sub(/ .*/, "", tag)
			if (!(tag in allow) && !(hint in allow)) print hint
		}')
	[ -z "$bad" ] || die "lintian tags not allowed by packaging/deb/lintian-allow (fix them, or allow them and explain why in packaging/README.md):
$bad"
	say "lintian: nothing beyond packaging/deb/lintian-allow"
}

package_deb() {
	build_linux
	local debarch pkg doc deb size depends
	debarch=$(dpkg --print-architecture)
	pkg="$work/deb/debian/vigia"
	doc="$pkg/usr/share/doc/vigia"
	mkdir -p "$pkg/DEBIAN"
	install -Dm0755 "$work/linux/vigia" "$pkg/usr/bin/vigia"
	install -Dm0644 "$root/packaging/linux/$APP_ID.desktop" "$pkg/usr/share/applications/$APP_ID.desktop"
	install -Dm0644 "$root/packaging/linux/$APP_ID.metainfo.xml" "$pkg/usr/share/metainfo/$APP_ID.metainfo.xml"
	for n in 16 22 24 32 48 64 128 256 512; do
		install -Dm0644 "$root/assets/icons/vigia-$n.png" "$pkg/usr/share/icons/hicolor/${n}x$n/apps/$APP_ID.png"
	done
	install -Dm0644 "$root/assets/icon.svg" "$pkg/usr/share/icons/hicolor/scalable/apps/$APP_ID.svg"
	# lnav (0.11 in Debian 12) reads formats from /etc/lnav/formats/*/*.json
	# and from no /usr path; a file in /etc is a conffile.
	install -Dm0644 "$root/packaging/lnav/vigia_log.json" "$pkg/etc/lnav/formats/vigia/vigia_log.json"
	echo /etc/lnav/formats/vigia/vigia_log.json >"$pkg/DEBIAN/conffiles"
	mkdir -p "$pkg/usr/share/man/man1" "$doc"
	sed "s/@VERSION@/$VERSION/g; s/@DATE@/$RELEASE_DATE/g" "$root/packaging/deb/vigia.1" | gzip -9n >"$pkg/usr/share/man/man1/vigia.1.gz"
	gzip -9n <"$root/packaging/deb/changelog" >"$doc/changelog.gz"
	{
		sed '/^@GO_MODULES@$/,$d' "$root/packaging/deb/copyright"
		go_modules "$work/linux/vigia"
		sed '1,/^@GO_MODULES@$/d' "$root/packaging/deb/copyright"
	} >"$doc/copyright"
	chmod 0644 "$doc/copyright" "$doc/changelog.gz" "$pkg/usr/share/man/man1/vigia.1.gz"

	# Depends: what the binary links against (libc6, libgl1, libx11-6 and the
	# other X11 libraries GLFW needs), as dpkg-shlibdeps finds it.
	printf 'Source: vigia\n\nPackage: vigia\nArchitecture: any\n' >"$work/deb/debian/control"
	depends=$(cd "$work/deb" && dpkg-shlibdeps -O -e"debian/vigia/usr/bin/vigia" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
	[ -n "$depends" ] || die "dpkg-shlibdeps found no dependencies"
	size=$(du -sk --apparent-size --exclude=DEBIAN "$pkg" | cut -f1)
	sed "s/@VERSION@/$VERSION/; s/@ARCH@/$debarch/; s/@INSTALLED_SIZE@/$size/; s/@DEPENDS@/$depends/" \
		"$root/packaging/deb/control" >"$pkg/DEBIAN/control"
	# md5sums covers usr/ only: dpkg keeps the conffiles' sums itself, and
	# dh_md5sums leaves them out too.
	(cd "$pkg" && find usr -type f | LC_ALL=C sort | xargs md5sum) >"$pkg/DEBIAN/md5sums"
	chmod 0644 "$pkg/DEBIAN/control" "$pkg/DEBIAN/md5sums" "$pkg/DEBIAN/conffiles"
	find "$pkg" -type d -exec chmod 0755 {} +
	find "$pkg" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

	deb="$out/vigia_${VERSION}_$debarch.deb"
	dpkg-deb --root-owner-group -Zxz --build "$pkg" "$deb" >/dev/null
	say "wrote $deb (Depends: $(dpkg-deb -f "$deb" Depends))"
	if [ "$check" = 1 ]; then
		validate_desktop_and_metainfo "$pkg/usr/share/applications/$APP_ID.desktop" "$pkg/usr/share/metainfo/$APP_ID.metainfo.xml"
		run_lintian "$deb"
		local x="$work/deb/x"
		mkdir -p "$x" && dpkg -x "$deb" "$x"
		check_version "$x/usr/bin/vigia"
	fi
}

build_windows() {
	[ ! -f "$work/win/vigia.exe" ] || return 0
	fyne_tool
	stage
	mkdir -p "$work/win"
	local subst="s|@VERSION@|$VERSION|g; s|@BUILD@|$BUILD|g; s|@V1@|$V1|g; s|@V2@|$V2|g; s|@V3@|$V3|g; s|@NAME@|$NAME|g"
	sed "$subst" "$root/packaging/windows/vigia.exe.manifest" >"$work/win/vigia.exe.manifest"
	sed "$subst; s|@ICON@|$root/assets/icons/vigia.ico|; s|@MANIFEST@|$work/win/vigia.exe.manifest|" \
		"$root/packaging/windows/vigia.rc" >"$work/win/vigia.rc"
	# The Go linker links a package's *_windows_amd64.syso into windows/amd64 builds.
	"$WIN_WINDRES" --codepage=65001 -O coff -i "$work/win/vigia.rc" -o "$work/src/vigia_windows_amd64.syso"
	say "building vigia.exe $VERSION for windows/amd64 with $WIN_CC"
	(cd "$work/src" && GOARCH=amd64 CC="$WIN_CC" "$FYNE" build --os windows --release -o "$work/win/vigia.exe")
}

# wine_smoke runs vigia.exe --version, installs setup.exe silently, checks
# the files and the Add/Remove Programs entry, runs the installed copy and
# uninstalls, in a throw-away wine prefix. Without wine it says so.
WINE='' WINESERVER=''
wine_smoke() {
	local setup=$1
	WINE=$(command -v wine || command -v wine64 || true)
	[ -n "$WINE" ] || [ ! -x /usr/lib/wine/wine64 ] || WINE=/usr/lib/wine/wine64 # Debian's wine64 without wine
	WINESERVER=$(command -v wineserver || true)
	[ -n "$WINESERVER" ] || [ ! -x /usr/lib/wine/wineserver64 ] || WINESERVER=/usr/lib/wine/wineserver64
	if [ -z "$WINE" ]; then
		say "wine is not installed: vigia.exe and setup.exe were not run (apt-get install wine64 to smoke-test them)"
		return 0
	fi
	export WINEPREFIX="$work/wine" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
	unset DISPLAY WAYLAND_DISPLAY
	say "wine smoke test ($WINE, $("$WINE" --version 2>/dev/null || true))"
	timeout 300 "$WINE" wineboot --init >/dev/null 2>&1 || die "wineboot failed"
	local sys32="$WINEPREFIX/drive_c/windows/system32"
	if [ ! -e "$sys32/bcryptprimitives.dll" ]; then
		# Go programs need bcryptprimitives.dll (Windows 10); old wines lack it.
		say "this wine has no bcryptprimitives.dll: adding packaging/windows/wine-bcryptprimitives.c to the test prefix"
		"$WIN_CC" -O2 -shared -o "$sys32/bcryptprimitives.dll" "$root/packaging/windows/wine-bcryptprimitives.c" -ladvapi32
	fi
	check_version "$work/win/vigia.exe" timeout 120 "$WINE"

	timeout 300 "$WINE" "$setup" /S >/dev/null 2>&1 || die "setup.exe /S failed"
	local home inst key reg v
	home="$WINEPREFIX/drive_c/users/$(id -un)/AppData/Local"
	inst="$home/Programs/Vigia"
	if [ ! -f "$inst/vigia.exe" ] || [ ! -f "$inst/uninstall.exe" ] || [ ! -f "$inst/LICENSE.txt" ] || [ ! -f "$inst/THIRD_PARTY_NOTICES.txt" ]; then
		die "setup.exe /S did not install $inst/vigia.exe, uninstall.exe, LICENSE.txt and THIRD_PARTY_NOTICES.txt"
	fi
	ls "$home/../Roaming/Microsoft/Windows/Start Menu/Programs/"*.lnk >/dev/null 2>&1 || die "setup.exe /S made no Start-menu shortcut"
	key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\io.vigia.app'
	reg=$(timeout 120 "$WINE" reg query "$key" 2>/dev/null | tr -d '\r')
	for v in DisplayName DisplayVersion Publisher DisplayIcon UninstallString InstallLocation EstimatedSize NoModify NoRepair; do
		grep -q "^ *$v " <<<"$reg" || die "setup.exe wrote no $v under $key"
	done
	grep -q "DisplayVersion *REG_SZ *$VERSION\$" <<<"$reg" || die "DisplayVersion under $key is not $VERSION"
	check_version "$inst/vigia.exe" timeout 120 "$WINE"
	wine_window "$inst/vigia.exe"
	# _?= runs the uninstaller in place, so this waits for it.
	timeout 300 "$WINE" "$inst/uninstall.exe" /S "_?=$(timeout 60 "$WINE" winepath -w "$inst" 2>/dev/null | tr -d '\r')" >/dev/null 2>&1 ||
		die "uninstall.exe /S failed"
	[ ! -e "$inst/vigia.exe" ] && [ ! -e "$inst/LICENSE.txt" ] || die "uninstall.exe left $inst/vigia.exe or LICENSE.txt"
	! timeout 120 "$WINE" reg query "$key" >/dev/null 2>&1 || die "uninstall.exe left $key"
	say "wine: setup.exe /S installed vigia.exe, the Start-menu shortcut and the Add/Remove Programs entry; the installed vigia.exe ran; uninstall.exe /S removed them"
	"$WINESERVER" -k >/dev/null 2>&1 || true
}

# wine_window opens the installed vigia.exe's window under wine on a
# private Xvfb (1600×1000, Mesa's software OpenGL through wine's GLX), runs
# one sentiment task with the keyboard (the input has the focus at start;
# Ctrl+Enter runs), checks the task record in the log folder it was given,
# and saves a screenshot of the window to DIR/wine-window.png to be looked
# at. It needs Xvfb, xdotool and ImageMagick (scripts/deps.sh test); without
# them it says so.
wine_window() {
	local exe=$1 tool
	for tool in Xvfb xdotool import; do
		if ! command -v "$tool" >/dev/null 2>&1; then
			say "no $tool: the window of vigia.exe under wine was not opened (scripts/deps.sh test installs it)"
			return 0
		fi
	done
	local disp="$work/wine-display" logs="$work/wine-logs" xvfb app win="" i
	mkdir -p "$logs"
	exec 3>"$disp"
	Xvfb -displayfd 3 -screen 0 1600x1000x24 -nolisten tcp >"$work/wine-xvfb.log" 2>&1 &
	xvfb=$!
	exec 3>&-
	for i in $(seq 100); do [ -s "$disp" ] && break; sleep 0.1; done
	[ -s "$disp" ] || die "Xvfb for the wine window did not start: $(cat "$work/wine-xvfb.log")"
	local winlogs
	winlogs=$(timeout 60 "$WINE" winepath -w "$logs" 2>/dev/null | tr -d '\r')
	DISPLAY=:$(cat "$disp") LANG=en_US.UTF-8 timeout 300 "$WINE" "$exe" --log-dir "$winlogs" >"$work/wine-app.log" 2>&1 &
	app=$!
	for i in $(seq 300); do
		win=$(DISPLAY=:$(cat "$disp") xdotool search --onlyvisible --name ' [0-9a-f]{8}$' 2>/dev/null | head -1) && [ -n "$win" ] && break
		sleep 0.2
	done
	if [ -z "$win" ]; then
		kill "$app" "$xvfb" 2>/dev/null || true
		die "vigia.exe showed no window under wine within 60 s: $(tail -20 "$work/wine-app.log")"
	fi
	(
		export DISPLAY=:$(cat "$disp")
		sleep 2
		xdotool windowfocus "$win" 2>/dev/null || true
		xdotool type --delay 20 "Couldn't be worse. Can't stop smiling though"
		xdotool key --clearmodifiers ctrl+Return
		for i in $(seq 150); do grep -qs '"event":"task"' "$logs/app.log" && break; sleep 0.2; done
		sleep 1
		import -window "$win" "$out/wine-window.png"
		xdotool key --clearmodifiers ctrl+q
	)
	for i in $(seq 100); do kill -0 "$app" 2>/dev/null || break; sleep 0.2; done
	kill "$app" 2>/dev/null || true
	kill "$xvfb" 2>/dev/null || true
	grep -qs '"event":"task".*"outcome":"ok"\|"outcome":"ok".*"event":"task"' "$logs/app.log" ||
		die "vigia.exe under wine logged no successful task record in $logs/app.log: $(tail -5 "$logs/app.log" 2>/dev/null)"
	say "wine: the installed vigia.exe opened its window ($(identify -format '%wx%h' "$out/wine-window.png" 2>/dev/null)), ran a sentiment task typed with the keyboard and logged it; screenshot in $out/wine-window.png"
}

package_windows() {
	build_windows
	local setup="$out/vigia-$VERSION-windows-amd64-setup.exe"
	# The licence page and the installed copies: UTF-8 with a byte-order
	# mark (NSIS reads a licence file without one in the ANSI code page) and
	# CRLF line ends, for Notepad.
	third_party_notices "$work/win/vigia.exe" "$work/win/notices.txt"
	local f
	for f in LICENSE:"$root/LICENSE" THIRD_PARTY_NOTICES:"$work/win/notices.txt"; do
		{ printf '\357\273\277'; sed 's/\r$//; s/$/\r/' "${f#*:}"; } >"$work/win/${f%%:*}.txt"
	done
	say "makensis"
	makensis -V2 -WX -INPUTCHARSET UTF8 -DVERSION="$VERSION" -DBUILD="$BUILD" \
		-DEXE="$work/win/vigia.exe" -DICON="$root/assets/icons/vigia.ico" \
		-DLICENSE="$work/win/LICENSE.txt" -DNOTICES="$work/win/THIRD_PARTY_NOTICES.txt" -DOUTFILE="$setup" \
		"$root/packaging/windows/vigia.nsi" >&2
	say "wrote $setup"
	wine_smoke "$setup"
}

for t in "${want[@]}"; do
	case "$t" in
	linux) package_linux ;;
	deb) package_deb ;;
	windows) package_windows ;;
	esac
done

(
	cd "$out"
	shopt -s nullglob
	files=(vigia[-_]*.deb vigia-*.tar.xz vigia-*-setup.exe)
	[ ${#files[@]} -eq 0 ] || sha256sum "${files[@]}" >SHA256SUMS
)
say "done: $out"
ls -l "$out" >&2
