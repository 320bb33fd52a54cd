#!/usr/bin/env bash
# Time jsh against dash and bash on a few process-heavy workloads and on
# runs of builtins, and measure their peak memory. Prints two Markdown tables
# on stdout; hyperfine's own progress output goes to stderr, so
# `benches/run.sh > results.md` works.
#
# The builtin workloads run twice: from a script file (`SHELL FILE`) and
# from standard input (`SHELL < FILE`), where a shell must not read past the
# command it runs and so may have to seek back.
#
# Environment:
#   JSH=/path/to/binary  benchmark this binary and skip the cargo build
#   RUNS=15              timed runs per command, split over the rounds
#   ROUNDS=3             rounds: each runs every shell in turn (1 warmup each)
#   MEM_RUNS=5           /usr/bin/time runs per command; the median is kept
#   WORKLOADS="a b"      run only these workloads (names as in the table)
#   OUT=dir              where the hyperfine JSON goes (default target/bench)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-15}
ROUNDS=${ROUNDS:-3}
PER_ROUND=$(((RUNS + ROUNDS - 1) / ROUNDS))
((PER_ROUND >= 2)) || PER_ROUND=2
MEM_RUNS=${MEM_RUNS:-5}
OUT=${OUT:-$ROOT/target/bench}

# Install the measuring tools only when missing, so repeated runs stay quick
# and need no network. Debian ships both; `time` is GNU time (/usr/bin/time),
# which, unlike the bash keyword, can report max RSS.
need=()
command -v hyperfine >/dev/null || need+=(hyperfine)
[[ -x /usr/bin/time ]] || need+=(time)
command -v dash >/dev/null || need+=(dash)
if ((${#need[@]})); then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
fi

if [[ -z ${JSH:-} ]]; then
    cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml" >&2
    JSH=${CARGO_TARGET_DIR:-$ROOT/target}/x86_64-unknown-linux-gnu/release/jsh
fi
JSH=$(realpath "$JSH")
DASH=$(command -v dash)
BASH_BIN=$(command -v bash)
# hyperfine -N splits command lines on whitespace, so keep paths plain.
for p in "$JSH" "$DASH" "$BASH_BIN"; do
    [[ $p != *[[:space:]]* ]] || { echo "path with whitespace not supported: $p" >&2; exit 1; }
done

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT"

# gen FILE N LINE...: write the given line(s) N times. Absolute /bin/true
# keeps PATH lookup out of the comparison; the same file feeds every shell.
gen() {
    local file=$1 n=$2; shift 2
    for ((i = 0; i < n; i++)); do printf '%s\n' "$@"; done >"$file"
}
gen "$WORK/spawn.sh" 2000 '/bin/true'
gen "$WORK/pipeline.sh" 500 '/bin/true | /bin/true | /bin/true'
gen "$WORK/background.sh" 500 '/bin/true &'
echo wait >>"$WORK/background.sh"
gen "$WORK/builtin.sh" 20000 'cd .'
gen "$WORK/export.sh" 20000 'export A=1'

# The language workloads (issue 9). Each ends by printing a result that
# every shell must agree on, so that one which stops early cannot win.
cat >"$WORK/while.sh" <<'SH'
i=0; while [ "$i" -lt 100000 ]; do i=$((i+1)); done; echo "$i"
SH
cat >"$WORK/function.sh" <<'SH'
f() { n=$1; }
i=0; while [ "$i" -lt 50000 ]; do f "$i"; i=$((i+1)); done; echo "$n"
SH
# 200,000 words through a four-arm case: 10,000 calls of a function that
# loops over its 20 arguments. (One 200,000-word `for` list would time
# bash's reading of a long continued line, which is quadratic, instead.)
{
    printf 'n=0\nc() { for w do case $w in a*) n=$((n+1)) ;; *.txt|*.md) ;; b*|c*) n=$((n+2)) ;; *) ;; esac; done; }\n'
    for ((i = 0; i < 10000; i++)); do
        printf 'c apple%d banana%d cherry %d.txt x%d a b c d e f g h i j k l m n o p\n' "$i" "$i" "$i" "$i"
    done
    printf 'echo "$n"\n'
} >"$WORK/case.sh"
cat >"$WORK/params.sh" <<'SH'
x=/usr/local/lib/libexample.so.1.2; i=0
while [ "$i" -lt 30000 ]; do
    a=${x##*/} b=${x%/*} c=${x#*/} d=${x%%.*}; i=$((i+1))
done
echo "$a $b $c $d"
SH
cat >"$WORK/comsub.sh" <<'SH'
i=0; while [ "$i" -lt 2000 ]; do x=$(echo "$i"); i=$((i+1)); done; echo "$x"
SH
for ((i = 0; i < 100000; i++)); do
    printf 'line %d of the file, with some words\n' "$i"
done >"$WORK/lines.txt"
printf '%s\n' 'n=0; while IFS= read -r line; do n=$((n+1)); done <"$1"; echo "$n $line"' \
    >"$WORK/read.sh"
# 20,000 function definitions, about 2.8 MB, parsed and never called.
for ((i = 0; i < 20000; i++)); do
    printf 'fn_%05d() {\n  if [ "$1" = "x%d" ]; then echo "a $1 b" | cat >/dev/null; else\n' "$i" "$i"
    printf '    case $2 in a|b) shift ;; *) : "${3:-default%d}" ;; esac\n  fi\n' "$i"
    printf '  for v in one two three; do [ -n "$v" ] || return 1; done\n}\n'
done >"$WORK/parse.sh"
echo 'echo parsed' >>"$WORK/parse.sh"

# Preflight: a shell that exits 0 without running anything would "win" every
# workload, so check each one really runs commands from -c, from a file and
# from standard input.
for sh in "$JSH" "$DASH" "$BASH_BIN"; do
    rm -f "$WORK/ran-c" "$WORK/ran-file" "$WORK/ran-stdin"
    echo "/bin/touch $WORK/ran-file" >"$WORK/check.sh"
    echo "/bin/touch $WORK/ran-stdin" >"$WORK/check-stdin.sh"
    "$sh" -c "/bin/touch $WORK/ran-c" </dev/null >/dev/null 2>&1 || true
    "$sh" "$WORK/check.sh" </dev/null >/dev/null 2>&1 || true
    "$sh" <"$WORK/check-stdin.sh" >/dev/null 2>&1 || true
    [[ -e $WORK/ran-c && -e $WORK/ran-file && -e $WORK/ran-stdin ]] || {
        echo "error: $sh did not run commands from -c, a script file and stdin" >&2; exit 1; }
done

# A workload NAME-stdin is the script NAME.sh fed on standard input.
read -ra WORKLOADS <<<"${WORKLOADS:-startup spawn pipeline background builtin builtin-stdin export export-stdin while function case params comsub read parse}"

# args WORKLOAD: the arguments each shell gets for that workload.
args() {
    case $1 in
        startup) printf %s "-c true" ;;
        read) printf %s "$WORK/read.sh $WORK/lines.txt" ;;
        *-stdin) ;;
        *) printf %s "$WORK/$1.sh" ;;
    esac
}
# input WORKLOAD: what each shell gets on standard input.
input() { if [[ $1 == *-stdin ]]; then printf %s "$WORK/${1%-stdin}.sh"; else echo /dev/null; fi; }

# A language workload is timed only if jsh prints what dash prints: a
# shell that cannot run it yet gets no time, and the table says so.
SKIPPED=()
kept=()
for w in "${WORKLOADS[@]}"; do
    if [[ -e $WORK/$w.sh && $w != builtin && $w != export ]]; then
        # shellcheck disable=SC2046  # args are deliberately split
        want=$("$DASH" $(args "$w") 2>&1 </dev/null) || true
        # shellcheck disable=SC2046
        got=$("$JSH" $(args "$w") 2>&1 </dev/null) || true
        if [[ $got != "$want" ]]; then
            echo "warning: jsh does not run the $w workload as dash does; not timed" >&2
            SKIPPED+=("$w")
            continue
        fi
    fi
    kept+=("$w")
done
WORKLOADS=("${kept[@]}")

# Timing. -N runs the commands directly instead of via an intermediate shell:
# startup is ~1 ms, which is below what hyperfine can correct a shell for.
# hyperfine (1.15, Debian's) cannot redirect a command's stdin by itself, so
# a stdin workload goes through dash, which applies the redirection and
# execs the shell without forking; hyperfine subtracts dash's own start-up,
# which it measures first. These workloads take 10 ms and more.
#
# hyperfine runs all of one shell's runs, then the next shell's: on a shared
# machine a burst of load then lands on one shell only. Several rounds, each
# timing every shell in turn (starting with a different one each round),
# spread such bursts over all three; the median is taken over all rounds.
time_round() {
    local w=$1 round=$2 a in i sh
    local names=(jsh dash bash) bins=("$JSH" "$DASH" "$BASH_BIN") cmds=()
    a=$(args "$w")
    in=$(input "$w")
    for ((i = 0; i < 3; i++)); do
        sh=$(((i + round) % 3))
        if [[ $w == *-stdin ]]; then
            cmds+=(-n "${names[sh]}" "exec ${bins[sh]} <$in")
        else
            cmds+=(-n "${names[sh]}" "${bins[sh]} $a")
        fi
    done
    if [[ $w == *-stdin ]]; then
        hyperfine --shell="$DASH" --warmup 1 --runs "$PER_ROUND" \
            --export-json "$OUT/$w.$round.json" "${cmds[@]}" >&2
    else
        hyperfine -N --warmup 1 --runs "$PER_ROUND" \
            --export-json "$OUT/$w.$round.json" "${cmds[@]}" >&2
    fi
}
rm -f "$OUT"/*.json
for ((round = 1; round <= ROUNDS; round++)); do
    for w in "${WORKLOADS[@]}"; do
        time_round "$w" "$round"
    done
done

# Peak memory. GNU time's %M is ru_maxrss from wait4(), i.e. the largest
# resident set of the shell or any child it reaped; /bin/true children are
# tiny, so this is in practice the shell's own peak, in KiB.
# maxrss SHELL ARGS INPUT
maxrss() {
    local i vals=()
    for ((i = 0; i < MEM_RUNS; i++)); do
        # shellcheck disable=SC2086  # $2 is deliberately split into argv
        /usr/bin/time -o "$WORK/rss" -f %M "$1" $2 >/dev/null <"$3"
        vals+=("$(tail -n1 "$WORK/rss")")
    done
    printf '%s\n' "${vals[@]}" | sort -n | sed -n "$(((MEM_RUNS + 1) / 2))p"
}
: >"$OUT/maxrss.tsv"
for w in "${WORKLOADS[@]}"; do
    a=$(args "$w")
    in=$(input "$w")
    printf '%s\t%s\t%s\t%s\n' "$w" "$(maxrss "$JSH" "$a" "$in")" \
        "$(maxrss "$DASH" "$a" "$in")" "$(maxrss "$BASH_BIN" "$a" "$in")" >>"$OUT/maxrss.tsv"
done

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)
echo "## jsh vs dash vs bash — $(date -u +%F), $(nproc) CPUs, ${cpu:-unknown CPU}"
echo
echo "jsh: \`$JSH\`; hyperfine, $ROUNDS rounds of $PER_ROUND runs (after 1 warmup) per shell"
echo "and workload, each round timing every shell in turn; times are medians over"
echo "all rounds, in ms."
echo
echo "Workloads: startup \`-c true\`; spawn 2,000 lines \`/bin/true\`; pipeline 500 lines"
echo "\`/bin/true | /bin/true | /bin/true\`; background 500 lines \`/bin/true &\` and a"
echo "\`wait\`; builtin 20,000 lines \`cd .\`; export 20,000 lines \`export A=1\`. Each is"
echo "a script file given as an argument; *-stdin is the same script as \`SHELL < FILE\`."
echo "Language: while, 100,000 rounds of \`i=\$((i+1))\`; function, 50,000 calls; case,"
echo "200,000 words; params, 30,000 rounds of four \`\${x##*/}\`-style operators; comsub,"
echo "2,000 \`x=\$(echo ...)\`; read, \`while IFS= read -r\` over 100,000 lines; parse, a"
echo "2.8 MB script of 20,000 function definitions."
if ((${#SKIPPED[@]})); then
    echo
    echo "Not timed (jsh does not run them as dash does yet): ${SKIPPED[*]}."
fi
echo
python3 - "$OUT" "$MEM_RUNS" "${WORKLOADS[@]}" <<'PY'
import glob, json, statistics, sys
out, mem_runs, workloads = sys.argv[1], sys.argv[2], sys.argv[3:]

def collect(w, pick):
    """By shell, pick(result) of each hyperfine result of workload w, all rounds."""
    by_shell = {}
    for path in glob.glob(f"{out}/{w}.*.json"):
        with open(path) as f:
            for r in json.load(f)["results"]:
                by_shell.setdefault(r["command"], []).append(pick(r))
    return by_shell

print("| workload | jsh median | dash median | bash median | jsh/dash | jsh/bash |")
print("|---|---:|---:|---:|---:|---:|")
for w in workloads:
    times = collect(w, lambda r: r["times"])
    med = {k: statistics.median(sum(v, [])) for k, v in times.items()}
    j, d, b = (med[k] * 1000 for k in ("jsh", "dash", "bash"))
    print(f"| {w} | {j:.2f} ms | {d:.2f} ms | {b:.2f} ms | {j/d:.2f}x | {j/b:.2f}x |")
print()
# CPU time (user + system) of the shell and its children: on a shared
# machine, waiting for a CPU inflates the wall times above but not this.
# hyperfine gives the mean per round; this is the mean over the rounds.
print("CPU time (user + system, mean over the rounds, in ms):")
print()
print("| workload | jsh | dash | bash | jsh/dash | jsh/bash |")
print("|---|---:|---:|---:|---:|---:|")
for w in workloads:
    cpu = collect(w, lambda r: r["user"] + r["system"])
    j, d, b = (statistics.mean(cpu[k]) * 1000 for k in ("jsh", "dash", "bash"))
    print(f"| {w} | {j:.2f} | {d:.2f} | {b:.2f} | {j/d:.2f}x | {j/b:.2f}x |")
print()
print(f"Peak memory (max RSS in KiB, median of {mem_runs} runs):")
print()
print("| workload | jsh | dash | bash | jsh/bash |")
print("|---|---:|---:|---:|---:|")
with open(f"{out}/maxrss.tsv") as f:
    for line in f:
        w, j, d, b = line.split()
        print(f"| {w} | {j} | {d} | {b} | {int(j)/int(b):.2f}x |")
PY
