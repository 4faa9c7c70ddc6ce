#!/usr/bin/env bash
# Compares values of one JMH parameter (a Sluice channel and its raw peer, a policy and its baseline) in interleaved
# rounds and prints paired ratios (io.sluice.jmh.report.PairedRoundsReport; also saved as report.md).
#
# Why: JMH runs every fork of one parameter combination before the next, so the two sides of a ratio run minutes
# apart, and on this 2-core host a benchmark's rate drifts by up to 2x over such spans (docs/benchmarks.md). Here
# each round runs one one-fork JMH invocation per value, in reverse order every other round (A B | B A | ...), and
# the report divides each round's forks, so drift cancels instead of landing on one side; the error is t(99.9 %)
# times the standard error of those per-round ratios.
#
# Settings (environment variables):
#   BENCHMARK   regex of the benchmarks to run (required), e.g. 'io\.sluice\.jmh\.channel\.BinaryChannelThroughput\.'
#   PARAM       the compared parameter (required), e.g. impl
#   VALUES      its values, comma separated (required), e.g. SLUICE_BINARY_SPSC_CLAIM,AGRONA_ONE_TO_ONE_CLAIM
#   PAIRS       the ratios to report, comma separated NUMERATOR/DENOMINATOR[>=GOAL] (required),
#               e.g. 'SLUICE_BINARY_SPSC_CLAIM/AGRONA_ONE_TO_ONE_CLAIM>=0.85'
#   METRIC      secondary result to compare (e.g. delivered for the channel benchmarks); empty: the primary score
#   ROUNDS=8  WARMUP_ITERATIONS=3  WARMUP_TIME=2s  ITERATIONS=5  ITERATION_TIME=2s
#   GC_PROFILER=1               add -prof gc (empty: leave it out)
#   RESULTS_DIR=jmh/target/results/rounds-<timestamp>
#   REBUILD=1                   rebuild the benchmarks jar even if it looks up to date
#   FAIL_ON_GOAL=1              exit with status 2 if a goal is missed
# Any arguments are passed to every JMH invocation, e.g. other parameters: -p drainLimit=1,64
# Example, Sluice claim/commit against Agrona's, drain limit 1 (about 7 minutes):
#   BENCHMARK='io\.sluice\.jmh\.channel\.BinaryChannelThroughput\.' PARAM=impl METRIC=delivered \
#   VALUES=SLUICE_BINARY_SPSC_CLAIM,AGRONA_ONE_TO_ONE_CLAIM \
#   PAIRS='SLUICE_BINARY_SPSC_CLAIM/AGRONA_ONE_TO_ONE_CLAIM>=0.85' jmh/run-rounds.sh -p drainLimit=1
# Run on a quiet machine: any other busy process takes a core from the benchmark.
set -euo pipefail

for required in BENCHMARK PARAM VALUES PAIRS; do
    if [[ -z "${!required:-}" ]]; then
        echo "${required} is not set; see the settings at the top of $0" >&2
        exit 1
    fi
done

# shellcheck source=benchmarks-jar.sh
source "$(dirname "${BASH_SOURCE[0]}")/benchmarks-jar.sh"

rounds="${ROUNDS:-8}"
if ! [[ "${rounds}" =~ ^[1-9][0-9]*$ ]]; then
    echo "ROUNDS=${rounds}: must be a whole number of at least 1 (2 or more for an error)" >&2
    exit 1
fi
warmup_iterations="${WARMUP_ITERATIONS:-3}"
warmup_time="${WARMUP_TIME:-2s}"
iterations="${ITERATIONS:-5}"
iteration_time="${ITERATION_TIME:-2s}"
results_dir="${RESULTS_DIR:-${jmh_dir}/target/results/rounds-$(date +%Y%m%d-%H%M%S)}"
profiler=()
if [[ -n "${GC_PROFILER-1}" ]]; then
    profiler=(-prof gc)
fi

mkdir -p "${results_dir}"
echo "Results: ${results_dir}" >&2
{
    java -version 2>&1
    echo
    echo "cpus: $(nproc)"
    grep -m1 'model name' /proc/cpuinfo || true
    echo "load at start: $(cat /proc/loadavg)"
    echo "benchmark: ${BENCHMARK}, ${PARAM}=${VALUES}, rounds: ${rounds}, JMH arguments: $*"
} > "${results_dir}/environment.txt"
cat "${results_dir}/environment.txt" >&2

IFS=',' read -r -a values <<< "${VALUES}"
for ((round = 1; round <= rounds; round++)); do
    round_dir="${results_dir}/$(printf 'round-%02d' "${round}")"
    mkdir -p "${round_dir}"
    order=("${values[@]}")
    if ((round % 2 == 0)); then
        order=()
        for ((i = ${#values[@]} - 1; i >= 0; i--)); do
            order+=("${values[i]}")
        done
    fi
    for value in "${order[@]}"; do
        echo "round ${round}/${rounds}: ${PARAM}=${value} (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
        java -jar "${jar}" "${BENCHMARK}" -p "${PARAM}=${value}" "$@" \
            -f 1 -wi "${warmup_iterations}" -w "${warmup_time}" -i "${iterations}" -r "${iteration_time}" \
            "${profiler[@]}" -rf csv -rff "${round_dir}/${value}.csv" \
            > "${round_dir}/${value}.txt" 2>&1 || {
                echo "JMH failed for ${PARAM}=${value}; its output:" >&2
                cat "${round_dir}/${value}.txt" >&2
                exit 1
            }
    done
done
echo "load at end: $(cat /proc/loadavg)" | tee -a "${results_dir}/environment.txt"

report_args=(--param "${PARAM}")
if [[ -n "${METRIC:-}" ]]; then
    report_args+=(--metric "${METRIC}")
fi
IFS=',' read -r -a pairs <<< "${PAIRS}"
for pair in "${pairs[@]}"; do
    report_args+=(--pair "${pair}")
done
if [[ -n "${FAIL_ON_GOAL:-}" ]]; then
    report_args+=(--fail-on-goal)
fi
java -cp "${jar}" io.sluice.jmh.report.PairedRoundsReport "${report_args[@]}" "${results_dir}" \
    | tee "${results_dir}/report.md"
