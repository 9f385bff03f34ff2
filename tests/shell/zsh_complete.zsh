#!/usr/bin/env zsh
# zsh_complete.zsh FPATH_DIR WORDS...: what zsh's own completion system
# offers after the command line WORDS (a trailing "" completes a new word),
# one candidate per line. It drives a real interactive zsh on a
# pseudo-terminal (zsh/zpty), loads compinit with FPATH_DIR first, types the
# line and a Tab, and records every candidate compadd is given.
emulate -L zsh
zmodload zsh/zpty || { print -u2 "zsh_complete: no zsh/zpty"; exit 2 }
local dir=$1; shift
local setup=$(mktemp)
trap 'rm -f $setup; zpty -d vigie 2>/dev/null' EXIT
cat > $setup <<SETUP
PROMPT=''
fpath=(${(q)dir} \$fpath)
autoload -Uz compinit && compinit -u -D
bindkey '^I' complete-word
zstyle ':completion:*' list-grouped false
zstyle ':completion:*' insert-tab false
mark() { print -r -- \$'\\x01' }
compprefuncs=(mark)
comppostfuncs=(mark exit)
compadd() {
  # Calls that only ask (-O, -A, -D) go through untouched.
  if [[ \${@[1,(i)(-|--)]} == *-(O|A|D)\\ * ]]; then builtin compadd "\$@"; return; fi
  local -a found
  builtin compadd -A found "\$@"
  local w
  for w in \$found; do print -r -- "candidate:\$w"; done
  # Added as well, so that the completer sees them (no fallback taken).
  builtin compadd "\$@"
}
print ready
SETUP
zpty vigie zsh -f -i
zpty -w vigie "source ${(q)setup}"
local line
repeat 50; do
  zpty -r vigie line || break
  [[ $line == ready* ]] && break
done
zpty -w -n vigie "${(j: :)@}"$'\t'
local seen=0
while zpty -r vigie line; do
  if [[ $line == *$'\x01'* ]]; then
    (( seen++ )) && break
    continue
  fi
  line=${${line//$'\r'/}//$'\n'/}
  (( seen )) && [[ $line == *candidate:* ]] && print -r -- ${line#*candidate:}
done
exit 0
