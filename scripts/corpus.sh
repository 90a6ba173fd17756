#!/usr/bin/env bash
# corpus.sh renders the labelled text the language comparison reads
# (bench/cmd/langbench) into bench/corpus/<lang>/<page>.txt (ignored by git).
#
#   scripts/corpus.sh [PAGES]     PAGES per language, default 400
#
# The label is the source, never a detector: Debian's translated manual
# pages (manpages-l10n: manpages-es, -de, -fr, -it, -pt-br; pt is Brazilian
# Portuguese there) and, for English, the untranslated pages under
# /usr/share/man/man*. Pages are shuffled with a fixed seed, so the same
# machine picks the same pages at each run. Each page is rendered by man(1)
# with a very wide line, so that each paragraph is one line and no word is
# hyphenated. Debian's fortune files and FAQ are left out on purpose: they
# are the outside check's test set.
set -euo pipefail

pages=${1:-400}
cd "$(dirname "$0")/.."
out=bench/corpus
for p in manpages manpages-es manpages-de manpages-fr manpages-it manpages-pt-br man-db groff-base; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		echo "corpus.sh: $p is missing; run scripts/deps.sh test" >&2
		exit 1
	fi
done

# list LANG DIR... prints up to $pages page files, in a fixed shuffle.
list() {
	local lang=$1
	shift
	find "$@" -type f \( -name '*.gz' -o -name '*.[1-9]*' \) 2>/dev/null |
		sort | shuf -n "$pages" --random-source=<(yes vigia) | sed "s|^|$lang |"
}

render() {
	local lang=$1 f=$2 name
	name=$(basename "$f" .gz)
	MANWIDTH=1000 MAN_KEEP_FORMATTING= man -E UTF-8 -l "$f" 2>/dev/null | col -bx >"$out/$lang/$name.txt" || rm -f "$out/$lang/$name.txt"
	[ -s "$out/$lang/$name.txt" ] || rm -f "$out/$lang/$name.txt"
}
export -f render
export out

rm -rf "$out"
for l in en es de fr it pt; do mkdir -p "$out/$l"; done
{
	list en /usr/share/man/man[1-8]
	list es /usr/share/man/es
	list de /usr/share/man/de
	list fr /usr/share/man/fr
	list it /usr/share/man/it
	list pt /usr/share/man/pt_BR
} | xargs -P 2 -n 2 bash -c 'render "$0" "$1"'
for l in en es de fr it pt; do echo "corpus.sh: $l: $(ls "$out/$l" | wc -l) pages" >&2; done
