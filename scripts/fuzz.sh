#!/usr/bin/env bash
# fuzz.sh runs every fuzz target of the module (each func FuzzX in a
# _test.go file of a package of ./..., bench/ excluded: it is a module of
# its own), one at a time since go test -fuzz takes one target of one
# package, each for a bounded time, and prints a summary. It fails if a
# target finds a crasher (go test writes it to the package's
# testdata/fuzz/FuzzX/, where it then runs with every go test as a
# regression case) or does not build.
#
#   scripts/fuzz.sh [seconds]     seconds of fuzzing per target (default 10, at least 5:
#                                 a target fails with "context deadline exceeded" when its
#                                 seed corpus takes longer to run than that)
#
# With 10 targets the default takes about 2 minutes on 2 cores, plus the
# first build of the instrumented test binaries (some 5 minutes more).
# Each run starts from the committed corpora (testdata/fuzz/FuzzX/ and the
# f.Add seeds) and drops the new interesting inputs it finds: to grow a
# corpus, run go test -fuzz by hand and commit what is worth keeping.
# A run that ends in Go 1.26's "context deadline exceeded" with no failing
# input (golang/go#75804) is run once more; the summary says so.
# Honours GO, like the Makefile.
set -euo pipefail
cd "$(dirname "$0")/.."
go=${GO:-go}
secs=${1:-10}
if ! [[ $secs =~ ^[1-9][0-9]*$ ]] || [ "$secs" -lt 5 ]; then
	echo "usage: scripts/fuzz.sh [seconds per target, 5 or more]" >&2
	exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Targets, as "package-dir FuzzName", in package order.
targets=()
while IFS= read -r dir; do
	rel=.${dir#"$PWD"}
	for f in "$dir"/*_test.go; do
		[ -e "$f" ] || continue
		while IFS= read -r name; do
			targets+=("$rel $name")
		done < <(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*\*testing\.F) *{.*/\1/p' "$f")
	done
done < <("$go" list -e -f '{{.Dir}}' ./...)

if [ ${#targets[@]} -eq 0 ]; then
	echo "fuzz: no fuzz targets found" >&2
	exit 1
fi
echo "fuzz: ${#targets[@]} targets, ${secs}s each"

start=$SECONDS
failed=0
summary=()
for t in "${targets[@]}"; do
	read -r pkg name <<<"$t"
	corpus=$pkg/testdata/fuzz/$name
	ls "$corpus" 2>/dev/null | sort >"$work/before" || true
	log=$work/$name.log
	t0=$SECONDS
	result=FAIL
	note=
	for attempt in 1 2; do
		# -fuzzminimizetime: minimizing each new interesting input (60s by
		# default) would take most of a short run. -timeout guards against a
		# hung target. -test.fuzzcachedir (which go test sets, and a later
		# value overrides) puts new interesting inputs in a directory of this
		# run rather than in $GOCACHE/fuzz: there they pile up from run to
		# run, and every run first replays them all, within its -fuzztime.
		if "$go" test -run '^$' -fuzz "^${name}\$" -fuzztime "${secs}s" -fuzzminimizetime 3s \
			-timeout "$((secs + 300))s" "$pkg" -args -test.fuzzcachedir="$work/cache/$name" >"$log" 2>&1; then
			result=ok
			break
		fi
		# Go 1.26's fuzzing coordinator can fail a target with a bare
		# "context deadline exceeded" as -fuzztime runs out, on a busy
		# machine (golang/go#75804, fixed in Go 1.27): no input failed and
		# none was written. Such a run, and only such a run, gets a second
		# go; a crasher is always written to the corpus directory.
		ls "$corpus" 2>/dev/null | sort >"$work/after" || true
		if [ $attempt = 1 ] && cmp -s "$work/before" "$work/after" && grep -qx '    context deadline exceeded' "$log"; then
			note="  (run twice: the first ended in golang/go#75804)"
			continue
		fi
		break
	done
	if [ $result = FAIL ]; then
		failed=$((failed + 1))
	fi
	execs=$(grep -o 'execs: [0-9]*' "$log" | tail -1 | cut -d' ' -f2 || true)
	found=$(grep -o 'new interesting: [0-9]*' "$log" | tail -1 | cut -d' ' -f3 || true)
	line=$(printf '%-4s  %-24s %-18s %9s execs %5s new  %4ss' "$result" "$name" "$pkg" "${execs:-0}" "${found:-0}" "$((SECONDS - t0))")$note
	summary+=("$line")
	echo "$line"
	if [ $result = FAIL ]; then
		ls "$corpus" 2>/dev/null | sort >"$work/after" || true
		for c in $(comm -13 "$work/before" "$work/after"); do
			echo "      crasher: $corpus/$c  (go test -run '$name/$c' $pkg)"
		done
		grep -v -e '^fuzz: elapsed' -e 'Fyne error' -e '^.*  Cause: ' -e '^.*  At: ' "$log" | tail -40 | sed 's/^/      | /'
	fi
done

echo
echo "fuzz summary (${secs}s per target, $((SECONDS - start))s in all):"
printf '  %s\n' "${summary[@]}"
if [ $failed -gt 0 ]; then
	echo "fuzz: $failed of ${#targets[@]} targets failed" >&2
	exit 1
fi
echo "fuzz: all ${#targets[@]} targets passed"
