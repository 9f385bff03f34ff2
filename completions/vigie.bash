# bash completion for vigie-index, vigie-search and vigie-serve. Installed as
# share/bash-completion/completions/vigie-index, .../vigie-search and .../vigie-serve (one
# copy per command, as bash-completion loads them by name); a test checks
# it offers every option of each command's --help and every choice value.

# _vigie_complete OPTIONS CHOICES FOLDER_OPTIONS VALUE_OPTIONS: CHOICES
# lists "option=word word..." entries.
_vigie_complete() {
    local options=$1 folder_options=$3 value_options=$4
    local -a choices
    read -r -d '' -a choices <<<"$2"
    local cur=${COMP_WORDS[COMP_CWORD]} prev=""
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    # --option=value: bash splits at '=' (COMP_WORDBREAKS).
    if [[ $cur == "=" ]]; then
        cur=""
    elif [[ $prev == "=" ]] && ((COMP_CWORD > 1)); then
        prev=${COMP_WORDS[COMP_CWORD - 2]}
    fi
    COMPREPLY=()
    local entry
    for entry in "${choices[@]}"; do
        if [[ ${entry%%=*} == "$prev" ]]; then
            local words=${entry#*=}
            mapfile -t COMPREPLY < <(compgen -W "${words//,/ }" -- "$cur")
            return 0
        fi
    done
    if [[ " $folder_options " == *" $prev "* ]]; then
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -d -- "$cur")
        return 0
    fi
    # An option's own value (a date, a number, an id): nothing to offer.
    [[ " $value_options " == *" $prev "* ]] && return 0
    if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$options" -- "$cur")
        return 0
    fi
    return 1
}

_vigie_search() {
    _vigie_complete \
        "--db --since --until --sort --suggest --synonyms --no-synonyms --match -n --limit --offset --snippet-length -f --format --color --colour
         --markers --timeline --facet --facet-limit --like --no-collapse --no-snippets --header --show -c --count
         --explain --batch --threads --fields -h --help -V --version" \
        "--sort=relevance,newest,oldest,recent --suggest=auto,never --match=auto,all,any -f=text,json,jsonl,tsv --format=text,json,jsonl,tsv
         --color=auto,always,never --colour=auto,always,never --timeline=day,month,year
         --facet=cve,ref,source,year" \
        "--db" \
        "--since --until --synonyms -n --limit --offset --snippet-length --markers --facet-limit --like --show --threads"
}

_vigie_index() {
    _vigie_complete \
        "--db --id --prune --wait --json --batch-size --shards --threads --max-document-size -v --verbose
         -q --quiet --compact --progress -h --help -V --version" \
        "--compact=auto,always,never --progress=auto,always,never" \
        "--db" \
        "--id --batch-size --shards --threads --max-document-size" && return 0
    # The inputs: files and folders (and - for standard input).
    [[ ${COMP_WORDS[COMP_CWORD]} == -* ]] && return 0
    compopt -o filenames 2>/dev/null
    mapfile -t COMPREPLY < <(compgen -f -- "${COMP_WORDS[COMP_CWORD]}")
}

_vigie_serve() {
    _vigie_complete \
        "--db --listen --threads -h --help -V --version" \
        "" \
        "--db" \
        "--listen --threads"
}

complete -F _vigie_search vigie-search
complete -F _vigie_index vigie-index
complete -F _vigie_serve vigie-serve
