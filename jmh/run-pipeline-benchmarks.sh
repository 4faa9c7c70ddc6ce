#!/usr/bin/env bash
# Runs the pipeline benchmark (a three-stage Sluice graph in the SHARED_THREAD and THREAD_PER_AGENT modes against
# the same stages hand-wired over raw JCTools queues, in the same run) with the gc profiler, writes JMH's JSON and
# text output to a results directory under jmh/target and prints the Markdown report (also saved as report.md).
# See docs/benchmarks.md.
#
# Settings (environment variables; the defaults are the full run, about 7 minutes on 2 cores):
#   FORKS=3  WARMUP_ITERATIONS=3  WARMUP_TIME=2s  ITERATIONS=5  ITERATION_TIME=2s
#   IDLE_STRATEGIES=yielding     idle strategy of every runner thread, Sluice and hand-wired alike (comma list)
#   RESULTS_DIR=jmh/target/results/pipeline-<timestamp>
#   REBUILD=1                    rebuild the benchmarks jar even if it looks up to date
# Any arguments are passed to JMH after these settings, e.g. a quick check:
#   FORKS=1 WARMUP_ITERATIONS=1 WARMUP_TIME=2s ITERATIONS=2 ITERATION_TIME=2s jmh/run-pipeline-benchmarks.sh
set -euo pipefail

# shellcheck source=benchmarks-jar.sh
source "$(dirname "${BASH_SOURCE[0]}")/benchmarks-jar.sh"

forks="${FORKS:-3}"
warmup_iterations="${WARMUP_ITERATIONS:-3}"
warmup_time="${WARMUP_TIME:-2s}"
iterations="${ITERATIONS:-5}"
iteration_time="${ITERATION_TIME:-2s}"
idle_strategies="${IDLE_STRATEGIES:-yielding}"
results_dir="${RESULTS_DIR:-${jmh_dir}/target/results/pipeline-$(date +%Y%m%d-%H%M%S)}"

mkdir -p "${results_dir}"
echo "Results: ${results_dir}" >&2

# One JMH invocation: every mode (Sluice and hand-wired) runs in the same fork set with the same settings, each
# mode in forks of its own.
java -jar "${jar}" 'io\.sluice\.jmh\.pipeline\.PipelineBenchmark\.' -p "idleStrategy=${idle_strategies}" "$@" \
    -f "${forks}" -wi "${warmup_iterations}" -w "${warmup_time}" -i "${iterations}" -r "${iteration_time}" \
    -prof gc -rf json -rff "${results_dir}/pipeline.json" \
    2>&1 | tee "${results_dir}/pipeline.txt"

java -cp "${jar}" io.sluice.jmh.report.PipelineReport "${results_dir}/pipeline.json" | tee "${results_dir}/report.md"
