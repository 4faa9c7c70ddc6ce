#!/usr/bin/env bash
# Runs the channel throughput benchmarks (object and binary, Sluice against raw peers and ArrayBlockingQueue) with
# the gc profiler, writes JMH's JSON and text output to a results directory under jmh/target and prints the
# Markdown ratio report (also saved as report.md). See docs/benchmarks.md.
#
# Settings (environment variables; the defaults are the full run, about 20 minutes on 2 cores):
#   FORKS=3  WARMUP_ITERATIONS=3  WARMUP_TIME=2s  ITERATIONS=5  ITERATION_TIME=2s
#   BINARY_DRAIN_LIMITS=1,64     drain limits of the binary benchmark (1 = one message per call, like with like)
#   RESULTS_DIR=jmh/target/results/<timestamp>
#   REBUILD=1                    rebuild the benchmarks jar even if it looks up to date
# Any arguments are passed to JMH after these settings, e.g. a quick check:
#   FORKS=1 WARMUP_ITERATIONS=1 WARMUP_TIME=1s ITERATIONS=2 ITERATION_TIME=1s jmh/run-channel-benchmarks.sh
set -euo pipefail

# shellcheck source=benchmarks-jar.sh
source "$(dirname "${BASH_SOURCE[0]}")/benchmarks-jar.sh"

forks="${FORKS:-3}"
warmup_iterations="${WARMUP_ITERATIONS:-3}"
warmup_time="${WARMUP_TIME:-2s}"
iterations="${ITERATIONS:-5}"
iteration_time="${ITERATION_TIME:-2s}"
drain_limits="${BINARY_DRAIN_LIMITS:-1,64}"
results_dir="${RESULTS_DIR:-${jmh_dir}/target/results/$(date +%Y%m%d-%H%M%S)}"

mkdir -p "${results_dir}"
echo "Results: ${results_dir}" >&2

# One JMH invocation per benchmark class: each class's peers and baseline run in the same fork set, and the
# binary drain limits apply to the binary class only.
run_jmh() {
    local name="$1"
    shift
    java -jar "${jar}" "$@" \
        -f "${forks}" -wi "${warmup_iterations}" -w "${warmup_time}" -i "${iterations}" -r "${iteration_time}" \
        -prof gc -rf json -rff "${results_dir}/${name}.json" \
        2>&1 | tee "${results_dir}/${name}.txt"
}

run_jmh object 'io\.sluice\.jmh\.channel\.ObjectChannelThroughput\.' "$@"
run_jmh binary 'io\.sluice\.jmh\.channel\.BinaryChannelThroughput\.' -p "drainLimit=${drain_limits}" "$@"

java -cp "${jar}" io.sluice.jmh.report.RatioReport "${results_dir}/object.json" "${results_dir}/binary.json" \
    | tee "${results_dir}/report.md"
