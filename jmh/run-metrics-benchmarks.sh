#!/usr/bin/env bash
# Runs the metrics overhead benchmark (io.sluice.jmh.metrics.MetricsOverheadBenchmark: the channel throughput
# benchmark, one producer and one consumer thread, with metrics OFF and ON in the same run: wait-time sampling of one
# message in 64 and a running SluiceMetrics publisher) with the gc profiler, writes JMH's CSV and text output to a
# results directory under jmh/target and prints the Markdown report (also saved as report.md): delivered messages
# per microsecond OFF and ON, the ON/OFF ratio with its propagated error against the goal (at most 5 % slower), and
# bytes allocated per delivered message against the goal (at most 0.01 with metrics ON).
#
# Settings (environment variables; the defaults are the full run, about 15 minutes on 2 cores):
#   FORKS=5  WARMUP_ITERATIONS=3  WARMUP_TIME=2s  ITERATIONS=5  ITERATION_TIME=2s
#   KINDS=OBJECT_SPSC,BINARY_SPSC,OBJECT_MPSC   channel kinds (each runs OFF and ON)
#   DRAIN_LIMITS=1               messages the consumer takes per call (1 = poll / drain of 1; e.g. 1,64 adds batches)
#   SAMPLE_INTERVALS=64          wait-time sampling interval with metrics ON (e.g. 64,1024; each runs OFF and ON)
#   RESULTS_DIR=jmh/target/results/metrics-<timestamp>
#   REBUILD=1                    rebuild the benchmarks jar even if it looks up to date
#   FAIL_ON_GOAL=1               exit with status 2 if a goal is missed
# Any arguments are passed to JMH after these settings, e.g. a quick check that it runs (figures not meaningful):
#   FORKS=1 WARMUP_ITERATIONS=2 WARMUP_TIME=1s ITERATIONS=3 ITERATION_TIME=1s jmh/run-metrics-benchmarks.sh
# Run the full measurement on a quiet machine: producer and consumer each need a core, and on 2 cores any other busy
# process (a build, a stress test) takes one away. A 5 % goal needs the forks' spread well under 5 %: look at the
# error columns before reading the verdict.
set -euo pipefail

# shellcheck source=benchmarks-jar.sh
source "$(dirname "${BASH_SOURCE[0]}")/benchmarks-jar.sh"

forks="${FORKS:-5}"
warmup_iterations="${WARMUP_ITERATIONS:-3}"
warmup_time="${WARMUP_TIME:-2s}"
iterations="${ITERATIONS:-5}"
iteration_time="${ITERATION_TIME:-2s}"
kinds="${KINDS:-OBJECT_SPSC,BINARY_SPSC,OBJECT_MPSC}"
drain_limits="${DRAIN_LIMITS:-1}"
sample_intervals="${SAMPLE_INTERVALS:-64}"
results_dir="${RESULTS_DIR:-${jmh_dir}/target/results/metrics-$(date +%Y%m%d-%H%M%S)}"

mkdir -p "${results_dir}"
echo "Results: ${results_dir}" >&2

# What the figures depend on: record it with them.
{
    java -version 2>&1
    echo
    echo "cpus: $(nproc)"
    grep -m1 'model name' /proc/cpuinfo || true
    echo "load at start: $(cat /proc/loadavg)"
} > "${results_dir}/environment.txt"
cat "${results_dir}/environment.txt" >&2

# One JMH invocation: metrics OFF and ON for every kind run in the same fork set with the same settings, each
# combination in forks of its own.
java -jar "${jar}" 'io\.sluice\.jmh\.metrics\.MetricsOverheadBenchmark\.' \
    -p "kind=${kinds}" -p "drainLimit=${drain_limits}" \
    -p "sampleInterval=${sample_intervals}" "$@" \
    -f "${forks}" -wi "${warmup_iterations}" -w "${warmup_time}" -i "${iterations}" -r "${iteration_time}" \
    -prof gc -rf csv -rff "${results_dir}/metrics.csv" \
    2>&1 | tee "${results_dir}/metrics.txt"
echo "load at end: $(cat /proc/loadavg)" | tee -a "${results_dir}/environment.txt"

report_args=()
if [[ -n "${FAIL_ON_GOAL:-}" ]]; then
    report_args+=(--fail-on-goal)
fi
java -cp "${jar}" io.sluice.jmh.metrics.MetricsOverheadReport "${report_args[@]}" "${results_dir}/metrics.csv" \
    | tee "${results_dir}/report.md"
