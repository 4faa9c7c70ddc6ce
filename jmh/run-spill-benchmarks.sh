#!/usr/bin/env bash
# Runs the spill benchmarks (io.sluice.jmh.spill): the Chronicle spill path (a spilling channel and the spill store)
# against a raw Chronicle appender and tailer, the round trip in throughput mode for the allocation goal, the cost of
# the SPILL policy on a channel that never spills against DROP_NEWEST, and the cost of a sync per append; all with
# the gc profiler. Writes JMH's JSON and text output and the file system the queues were on to a results directory
# under jmh/target, and prints the Markdown report (also saved as report.md). See docs/benchmarks.md, "Spill".
#
# Settings (environment variables; the defaults are the full run, about 20 minutes on 2 cores):
#   FORKS=3
#   PATH_WARMUP_ITERATIONS=8  PATH_ITERATIONS=12   single-shot iterations of SpillPathBenchmark (2^20 messages each)
#   RT_WARMUP_ITERATIONS=2  RT_WARMUP_TIME=2s  RT_ITERATIONS=4  RT_ITERATION_TIME=3s   SpillRoundTripThroughput (long
#                              iterations, so JMH's own allocation per iteration is spread over many messages)
#   WARMUP_ITERATIONS=3  WARMUP_TIME=2s  ITERATIONS=5  ITERATION_TIME=2s   SpillPolicyBenchmark
#   SYNC_WARMUP_ITERATIONS=3  SYNC_TIME=1s  SYNC_ITERATIONS=5   SpillSyncBenchmark
#   SPILL_DIR=${TMPDIR:-/tmp}  parent of the benchmarks' temporary queue directories (each deleted after its fork)
#   RESULTS_DIR=jmh/target/results/spill-<timestamp>
#   REBUILD=1                  rebuild the benchmarks jar even if it looks up to date
# Any arguments are passed to every JMH run after these settings, e.g. a quick check (about 4 minutes):
#   FORKS=1 PATH_WARMUP_ITERATIONS=3 PATH_ITERATIONS=3 RT_WARMUP_ITERATIONS=1 RT_ITERATIONS=2 RT_ITERATION_TIME=1s \
#       SYNC_WARMUP_ITERATIONS=1 SYNC_ITERATIONS=2 WARMUP_ITERATIONS=1 WARMUP_TIME=1s ITERATIONS=2 ITERATION_TIME=1s \
#       jmh/run-spill-benchmarks.sh
set -euo pipefail

# shellcheck source=benchmarks-jar.sh
source "$(dirname "${BASH_SOURCE[0]}")/benchmarks-jar.sh"

forks="${FORKS:-3}"
path_warmup_iterations="${PATH_WARMUP_ITERATIONS:-8}"
path_iterations="${PATH_ITERATIONS:-12}"
rt_warmup_iterations="${RT_WARMUP_ITERATIONS:-2}"
rt_warmup_time="${RT_WARMUP_TIME:-2s}"
rt_iterations="${RT_ITERATIONS:-4}"
rt_iteration_time="${RT_ITERATION_TIME:-3s}"
sync_warmup_iterations="${SYNC_WARMUP_ITERATIONS:-3}"
sync_time="${SYNC_TIME:-1s}"
sync_iterations="${SYNC_ITERATIONS:-5}"
warmup_iterations="${WARMUP_ITERATIONS:-3}"
warmup_time="${WARMUP_TIME:-2s}"
iterations="${ITERATIONS:-5}"
iteration_time="${ITERATION_TIME:-2s}"
spill_dir="${SPILL_DIR:-${TMPDIR:-/tmp}}"
results_dir="${RESULTS_DIR:-${jmh_dir}/target/results/spill-$(date +%Y%m%d-%H%M%S)}"

mkdir -p "${results_dir}" "${spill_dir}"
echo "Results: ${results_dir}" >&2

# Where the queues live decides what is measured (page cache on tmpfs, or a disk-backed file system): record it.
{
    echo "spill directory: ${spill_dir}"
    df -hT "${spill_dir}"
    echo
    java -version 2>&1
    echo
    echo "cpus: $(nproc)"
    grep -m1 'model name' /proc/cpuinfo || true
    grep MemTotal /proc/meminfo || true
    echo "load at start: $(cat /proc/loadavg)"
} > "${results_dir}/environment.txt"
cat "${results_dir}/environment.txt" >&2

# One JMH invocation per benchmark class: each class's implementations (Sluice and raw) run in the same fork set
# with the same settings, each implementation in forks of its own.
run_jmh() {
    local name="$1"
    shift
    java -jar "${jar}" "$@" -f "${forks}" -jvmArgsAppend "-Dsluice.jmh.spill.dir=${spill_dir}" \
        -prof gc -rf json -rff "${results_dir}/${name}.json" \
        2>&1 | tee "${results_dir}/${name}.txt"
}

run_jmh path 'io\.sluice\.jmh\.spill\.SpillPathBenchmark\.' \
    -wi "${path_warmup_iterations}" -i "${path_iterations}" "$@"
run_jmh throughput 'io\.sluice\.jmh\.spill\.SpillRoundTripThroughput\.' \
    -wi "${rt_warmup_iterations}" -w "${rt_warmup_time}" -i "${rt_iterations}" -r "${rt_iteration_time}" "$@"
run_jmh policy 'io\.sluice\.jmh\.spill\.SpillPolicyBenchmark\.' \
    -wi "${warmup_iterations}" -w "${warmup_time}" -i "${iterations}" -r "${iteration_time}" "$@"
run_jmh sync 'io\.sluice\.jmh\.spill\.SpillSyncBenchmark\.' \
    -wi "${sync_warmup_iterations}" -w "${sync_time}" -i "${sync_iterations}" -r "${sync_time}" "$@"
echo "load at end: $(cat /proc/loadavg)" | tee -a "${results_dir}/environment.txt"

java -cp "${jar}" io.sluice.jmh.report.SpillReport "${results_dir}/path.json" "${results_dir}/throughput.json" \
    "${results_dir}/policy.json" "${results_dir}/sync.json" | tee "${results_dir}/report.md"
