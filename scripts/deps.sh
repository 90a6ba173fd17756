#!/usr/bin/env bash
# deps.sh installs what building and testing Vigía needs and is missing.
#
#   scripts/deps.sh build   C compiler, pkg-config, X11/GL headers (what Fyne's cgo build needs)
#   scripts/deps.sh test    build deps plus Xvfb, xdotool and ImageMagick for GUI tests,
#                           Prometheus and the Pushgateway for the integration test,
#                           dpkg-dev, lintian, desktop-file-utils and appstream for the
#                           packaging test, lnav for the lnav format's test, node and npm
#                           for the JavaScript peers and Debian's translated manual pages
#                           for the language corpus (scripts/peers.sh, scripts/corpus.sh)
#   scripts/deps.sh dist    build deps plus what scripts/dist.sh needs: the .deb tools and
#                           checkers, librsvg2-bin, the MinGW-w64 cross compiler and NSIS
#
# On Debian/Ubuntu it uses apt-get (directly as root, through sudo otherwise).
# Elsewhere it prints the manual steps and fails.
set -euo pipefail

want=${1:-build}

build_pkgs=(gcc libc6-dev pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev
	libxinerama-dev libxi-dev libxxf86vm-dev)
test_pkgs=(xvfb xdotool imagemagick x11-utils prometheus prometheus-pushgateway
	dpkg-dev lintian desktop-file-utils appstream lnav
	man-db groff-base manpages manpages-es manpages-de manpages-fr manpages-it manpages-pt-br
	manpages-nl manpages-pl manpages-ro manpages-sv)
dist_pkgs=(dpkg-dev lintian desktop-file-utils appstream librsvg2-bin
	gcc-mingw-w64-x86-64 nsis)

pkgs=("${build_pkgs[@]}")
case "$want" in
build) ;;
test)
	pkgs+=("${test_pkgs[@]}")
	# node and npm may come from elsewhere (NodeSource's nodejs, which
	# conflicts with Debian's npm): only a machine with neither gets Debian's.
	if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
		pkgs+=(nodejs npm)
	fi
	;;
dist) pkgs+=("${dist_pkgs[@]}") ;;
*)
	echo "usage: scripts/deps.sh [build|test|dist]" >&2
	exit 2
	;;
esac

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
	cat >&2 <<MSG
deps.sh: this is not a Debian/Ubuntu system, so nothing was installed.
Install by hand the equivalents of: ${pkgs[*]}
  Fedora:  sudo dnf install gcc libXcursor-devel libXrandr-devel mesa-libGL-devel libXi-devel libXinerama-devel libXxf86vm-devel xorg-x11-server-Xvfb xdotool ImageMagick
  Arch:    sudo pacman -S gcc libxcursor libxrandr libxinerama libxi mesa xorg-server-xvfb xdotool imagemagick
  macOS:   xcode-select --install
See https://docs.fyne.io/started/ for other systems.
MSG
	exit 1
fi

missing=()
for p in "${pkgs[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done
if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi

echo "deps.sh: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
	if ! command -v sudo >/dev/null 2>&1; then
		echo "deps.sh: need root to install: apt-get install ${missing[*]}" >&2
		exit 1
	fi
	sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
