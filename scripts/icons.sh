#!/usr/bin/env bash
# icons.sh renders assets/icon.svg into the icon files the packages use:
#
#   assets/icons/vigia-N.png   N×N PNGs: 16…512 for the Linux hicolor theme
#                              (the .deb), 1024 for a macOS .icns
#   assets/icons/vigia.ico     the Windows icon (16, 20, 24, 32, 40, 48, 64
#                              and 256 px), embedded in vigia.exe and setup.exe
#
# It needs rsvg-convert (librsvg2-bin) and ImageMagick's convert. The output
# is committed; run this again after changing icon.svg.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
svg="$root/assets/icon.svg"
out="$root/assets/icons"

for tool in rsvg-convert convert; do
	command -v "$tool" >/dev/null || {
		echo "icons.sh: $tool is missing (apt-get install librsvg2-bin imagemagick)" >&2
		exit 1
	}
done

mkdir -p "$out"
for n in 16 20 22 24 32 40 48 64 128 256 512 1024; do
	rsvg-convert --width "$n" --height "$n" --format png --output "$out/vigia-$n.png" "$svg"
done

# An .ico holds one image per size; ImageMagick stores the 256 px one as PNG.
# -define png:exclude-chunks drops the time stamps, so the file only changes
# when the picture does.
ico_in=()
for n in 16 20 24 32 40 48 64 256; do
	ico_in+=("$out/vigia-$n.png")
done
convert "${ico_in[@]}" -define png:exclude-chunks=date,time "ICO:$out/vigia.ico.tmp"
mv "$out/vigia.ico.tmp" "$out/vigia.ico"
