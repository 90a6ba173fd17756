#!/usr/bin/env bash
# corpus.sh renders the labelled text the language comparison reads
# (bench/cmd/langbench) into bench/corpus/<lang>/<page>.txt (ignored by git).
#
#   [JOBS=N] scripts/corpus.sh [PAGES]   PAGES per language, default 400;
#                                        N pages rendered at once, default 2
#
# The label is the source, never a detector: Debian's translated manual
# pages (manpages-l10n: manpages-es, -de, -fr, -it, -pt-br; pt is Brazilian
# Portuguese there) and, for English, the untranslated pages under
# /usr/share/man/man*. Four languages outside the six Vigía's model knows
# (manpages-nl, -pl, -ro, -sv) measure what a detector says of others. Pages are shuffled with a fixed seed, so the same
# machine picks the same pages at each run. Each page is rendered by man(1)
# with a very wide line, so that each paragraph is one line and no word is
# hyphenated. Debian's fortune files and FAQ are left out on purpose: they
# are the outside check's test set.
#
# manpages-l10n leaves paragraphs it has not translated in English, and
# pages are full of options, commands and examples. So for each translated
# page its English original (/usr/share/man/manN/<page>, same name) is
# rendered too, into bench/corpus/orig/<page>.txt, and langbench drops from
# the translation (see paragraphs in bench/cmd/langbench/clean.go):
#   - every paragraph (near-)identical to one of the original: the same
#     letters, or 80 % of its words in one paragraph of the original;
#   - code and options: paragraphs with more than 30 % non-letters (spaces
#     aside), starting with '-', '$', '#' or '%', all-caps lines, lines with
#     fewer than 3 words, and the page header and section headings;
#   - paragraphs whose stop words are clearly English (at least 3, and
#     at least twice those of the page's language) when the page is not.
# Pages without an English original keep only the last two rules.
set -euo pipefail

pages=${1:-400}
# man and col run in C.UTF-8, which every glibc has: in a locale the machine
# lacks (bench/report.sh sets en_US.UTF-8, which a minimal Debian has not
# generated) man writes each byte beyond ASCII as an escape
# ("m\xc3\xb3dulo"), and the corpus is no longer the languages' text.
export LC_ALL=C.UTF-8
cd "$(dirname "$0")/.."
out=bench/corpus
for p in manpages manpages-es manpages-de manpages-fr manpages-it manpages-pt-br manpages-nl manpages-pl manpages-ro manpages-sv man-db groff-base; do
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

# page FILE TXT renders one manual page, leaving no empty file.
page() {
	MANWIDTH=1000 MAN_KEEP_FORMATTING= man -E UTF-8 -l "$1" 2>/dev/null | col -bx >"$2" || rm -f "$2"
	[ -s "$2" ] || rm -f "$2"
}

# render LANG FILE renders a page and, for a translation, its original.
render() {
	local lang=$1 f=$2 name orig
	name=$(basename "$f" .gz)
	page "$f" "$out/$lang/$name.txt"
	[ "$lang" = en ] && return
	# /usr/share/man/es/man1/ls.1.gz → /usr/share/man/man1/ls.1.gz
	orig=/usr/share/man/${f#/usr/share/man/*/}
	if [ -e "$orig" ] && [ ! -e "$out/orig/$name.txt" ]; then
		page "$orig" "$out/orig/$name.txt"
	fi
}
export -f page render
export out

rm -rf "$out"
for l in en es de fr it pt nl pl ro sv orig; do mkdir -p "$out/$l"; done
{
	list en /usr/share/man/man[1-8]
	list es /usr/share/man/es
	list de /usr/share/man/de
	list fr /usr/share/man/fr
	list it /usr/share/man/it
	list pt /usr/share/man/pt_BR
	# Languages outside the six, to measure what a detector says of them.
	list nl /usr/share/man/nl
	list pl /usr/share/man/pl
	list ro /usr/share/man/ro
	list sv /usr/share/man/sv
} | xargs -P "${JOBS:-2}" -n 2 bash -c 'render "$0" "$1"'
for l in en es de fr it pt nl pl ro sv orig; do echo "corpus.sh: $l: $(ls "$out/$l" | wc -l) pages" >&2; done
