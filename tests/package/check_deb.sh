#!/usr/bin/env bash
# check_deb.sh BUILD_DIR WORK_DIR SAMPLES: builds the Debian package with
# cpack -G DEB, checks what it holds and declares, unpacks it into a
# scratch root (dpkg -x) and runs the commands from there: --version, an
# index of the samples and a search, the man pages, bash completion found
# where bash-completion looks for it.
set -euo pipefail
build=$(cd "$1" && pwd) work=$2 samples=$3
rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)
fail() { echo "FAIL: $*" >&2; exit 1; }

(cd "$build" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack -G DEB"; }
debs=("$work"/out/vigie_*.deb)
[ -f "${debs[0]}" ] || fail "no vigie_*.deb in $work/out"
deb=${debs[0]}
echo "package: $(basename "$deb") ($(du -h "$deb" | cut -f1))"

depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for lib in libxapian30 libc6 libstdc++6; do
  [[ $depends == *"$lib"* ]] || fail "Depends lacks $lib: $depends"
done
[ "$(dpkg-deb -f "$deb" Version)" = "$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")" ] ||
  fail "package version $(dpkg-deb -f "$deb" Version)"

root=$work/root
dpkg -x "$deb" "$root"
for f in usr/bin/vigie-index usr/bin/vigie-search usr/bin/vigie-serve \
         usr/lib/libvigie.a usr/include/vigie/vigie.hpp usr/include/vigie/indexer.hpp usr/include/vigie/error.hpp \
         usr/lib/cmake/Vigie/VigieConfig.cmake usr/lib/cmake/Vigie/VigieTargets.cmake \
         usr/share/man/man1/vigie-index.1.gz usr/share/man/man1/vigie-search.1.gz \
         usr/share/bash-completion/completions/vigie-index usr/share/bash-completion/completions/vigie-search \
         usr/share/bash-completion/completions/vigie-serve usr/share/man/man1/vigie-serve.1.gz \
         usr/share/zsh/vendor-completions/_vigie; do
  [ -e "$root/$f" ] || fail "the package does not install /$f"
done
# Every man page the build made is in the package.
for page in "$build"/man/*.1; do
  [ -e "$root/usr/share/man/man1/$(basename "$page").gz" ] || fail "no $(basename "$page") in the package"
done

# The commands, from the scratch root (the library is linked in; the
# shared libraries they need are the system's, as Depends lists them).
export LD_LIBRARY_PATH=$root/usr/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
for command in vigie-index vigie-search vigie-serve; do
  out=$("$root/usr/bin/$command" --version) || fail "$command --version: exit $?"
  echo "$out" | head -1 | grep -qx "$command [0-9][0-9.]*" || fail "$command --version: $out"
  echo "$out" | grep -q '^xapian 1\.' || fail "$command --version names no Xapian: $out"
  echo "$command --version: $(echo "$out" | tr '\n' ' ')"
done
"$root/usr/bin/vigie-index" --db "$work/db" "$samples" >/dev/null 2>&1 || [ $? -eq 1 ] || fail "vigie-index of the samples"
"$root/usr/bin/vigie-search" --db "$work/db" --format tsv CVE-2021-44228 | grep -q anssi-log4shell ||
  fail "vigie-search from the package finds nothing"
# The Python module, where the package puts it for Debian's python3.
if [ -n "$(ls "$root"/usr/lib/python3/dist-packages/vigie*.so 2>/dev/null)" ]; then
  PYTHONPATH=$root/usr/lib/python3/dist-packages python3 -c "
import sys, vigie
hits = [h.id for h in vigie.Searcher(sys.argv[1]).search('CVE-2021-44228').hits]
assert any(i.startswith('anssi-log4shell') for i in hits), hits" "$work/db" ||
    fail "the Python module from the package finds nothing"
fi

# The library, headers and CMake package, as a program outside would use
# them: the README's example (extracted by the embed tests) built against
# the unpacked package, then run.
if [ -f "$build/tests/embed-src/example.cpp" ]; then
  cmake -S "$build/tests/embed-src" -B "$work/example" -DCMAKE_PREFIX_PATH="$root/usr" >"$work/example.log" 2>&1 &&
    cmake --build "$work/example" >>"$work/example.log" 2>&1 || { cat "$work/example.log"; fail "building the README's example against the package"; }
  "$work/example/embed-example" "$work/db" CVE-2021-44228 2021 | grep -q anssi-log4shell ||
    fail "the README's example, built against the package, finds nothing"
  echo "the README's example builds against the package and runs"
fi

for page in "$root"/usr/share/man/man1/*.gz; do
  text=$(MANWIDTH=80 man -l "$page" 2>"$work/man.err") || fail "man -l $page"
  [ -s "$work/man.err" ] && fail "man -l $page: $(cat "$work/man.err")"
  [[ $text == *EXIT\ STATUS* ]] || fail "man -l $page renders no EXIT STATUS"
done

# bash-completion finds the scripts where the package puts them.
if [ -f /usr/share/bash-completion/bash_completion ]; then
  for command in vigie-index vigie-search vigie-serve; do
    XDG_DATA_DIRS=$root/usr/share bash --norc --noprofile -c "
      source /usr/share/bash-completion/bash_completion
      _completion_loader $command
      complete -p $command" | grep -q "$command" || fail "bash-completion does not load /usr/share/bash-completion/completions/$command"
  done
else
  echo "bash-completion is not installed: its loader is not tried"
fi
echo "ok: $(dpkg-deb -c "$deb" | wc -l) entries"
