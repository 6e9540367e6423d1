#!/bin/sh
# Regenerates procscope's own x86.py goldens (testdata/x86/golden) by running
# the real x86.py from OSTEP's threads-locks homework on testdata/x86/programs.
#   X86_PY=/path/to/ostep-homework/threads-locks/x86.py sh testdata/x86/regen.sh
# x86.py is never committed (licence); its output, with the command, is.
set -eu
: "${X86_PY:?set X86_PY to threads-locks/x86.py from remzi-arpacidusseau/ostep-homework}"
here=$(cd "$(dirname "$0")" && pwd)
out="$here/golden"
index="$out/INDEX.txt"
printf '# name | which x86.py | folder the program (-p) is read from (cwd) | exit status | args\n' > "$index"
grep -v '^#' "$out/cases.txt" | while IFS='|' read -r name args; do
	name=$(echo "$name" | tr -d ' ')
	args=$(echo "$args" | sed 's/^ *//; s/ *$//')
	[ -n "$name" ] || continue
	set +e
	# shellcheck disable=SC2086
	body=$(cd "$here/programs" && python3 "$X86_PY" $args 2>/dev/null; echo "exit=$?")
	set -e
	status=${body##*exit=}
	printf '# cmd: x86.py %s\n%s\n' "$args" "${body%exit=*}" | sed '$d' > "$out/$name.txt"
	printf '%-24s | x86.py=threads-locks/x86.py | program dir=programs | exit=%s | x86.py %s\n' "$name" "$status" "$args" >> "$index"
done
echo "wrote $(grep -vc '^#' "$index") goldens to $out"
