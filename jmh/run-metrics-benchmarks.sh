#!/usr/bin/env bash
# Runs the metrics overhead benchmark (io.sluice.jmh.metrics.MetricsOverheadBenchmark: the channel throughput
# benchmark, one producer and one consumer thread, and its one-thread round trip (roundTrip: offer a burst, take it
# back), with metrics OFF and ON: wait-time sampling of one message in SAMPLE_INTERVAL and a running SluiceMetrics
# publisher) with the gc profiler, writes JMH's CSV and text output to a
# results directory under jmh/target and prints the Markdown report (also saved as report.md): delivered messages
# per microsecond OFF and ON, the ON/OFF ratio with its error against the goal (at most 5 % slower), and bytes
# allocated per delivered message against the goal (at most 0.01 with metrics ON).
#
# Why rounds: JMH runs all forks of one parameter combination before the next, so OFF's forks and ON's forks run
# minutes apart, and on this 2-core host one kind's rate drifted 2x over such spans (docs/benchmarks.md, run 3).
# This script runs ROUNDS rounds; in each, for each kind, one one-fork JMH invocation per condition (OFF, then ON
# for each sampling interval), in reverse order every other round (OFF ON | ON OFF | ...), so that drift lands on
# both sides. The report pairs each round's ON fork with the same round's OFF fork and states the mean ratio with
# t(99.9 %) times its standard error over the rounds.
#
# Settings (environment variables; the defaults are the full run, about 50 minutes on 2 cores for both groups):
#   ROUNDS=8  WARMUP_ITERATIONS=3  WARMUP_TIME=2s  ITERATIONS=5  ITERATION_TIME=2s
#   KINDS=OBJECT_SPSC,BINARY_SPSC,OBJECT_MPSC   channel kinds
#   DRAIN_LIMITS=1               messages the consumer takes per call (1 = poll / drain of 1; e.g. 1,64 adds batches)
#   SAMPLE_INTERVALS=1024        wait-time sampling intervals with metrics ON (e.g. 64,1024: each is an ON condition;
#                                1024 is MetricsOptions' default)
#   METRICS=ON                   what runs against OFF: ON, and to take ON apart SAMPLING (sampling, no publisher)
#                                and PUBLISHER (publisher, no sampling; runs with the first interval only)
#   RESULTS_DIR=jmh/target/results/metrics-<timestamp>
#   REBUILD=1                    rebuild the benchmarks jar even if it looks up to date
#   FAIL_ON_GOAL=1               exit with status 2 if a goal is missed
# Any arguments are passed to every JMH invocation after these settings, e.g. a quick check that it runs (figures
# not meaningful):
#   ROUNDS=2 KINDS=OBJECT_SPSC WARMUP_ITERATIONS=1 WARMUP_TIME=1s ITERATIONS=2 ITERATION_TIME=1s \
#     jmh/run-metrics-benchmarks.sh
# Run the full measurement on a quiet machine: producer and consumer each need a core, and on 2 cores any other busy
# process (a build, a stress test) takes one away. A 5 % goal needs the rounds' spread well under 5 %: look at the
# error columns before reading the verdict.
set -euo pipefail

# shellcheck source=benchmarks-jar.sh
source "$(dirname "${BASH_SOURCE[0]}")/benchmarks-jar.sh"

rounds="${ROUNDS:-8}"
warmup_iterations="${WARMUP_ITERATIONS:-3}"
warmup_time="${WARMUP_TIME:-2s}"
iterations="${ITERATIONS:-5}"
iteration_time="${ITERATION_TIME:-2s}"
kinds="${KINDS:-OBJECT_SPSC,BINARY_SPSC,OBJECT_MPSC}"
drain_limits="${DRAIN_LIMITS:-1}"
sample_intervals="${SAMPLE_INTERVALS:-1024}"
results_dir="${RESULTS_DIR:-${jmh_dir}/target/results/metrics-$(date +%Y%m%d-%H%M%S)}"

if ! [[ "${rounds}" =~ ^[1-9][0-9]*$ ]]; then
    echo "ROUNDS=${rounds}: must be a whole number of at least 1 (2 or more for a paired error)" >&2
    exit 1
fi

mkdir -p "${results_dir}"
echo "Results: ${results_dir}" >&2

# What the figures depend on: record it with them.
{
    java -version 2>&1
    echo
    echo "cpus: $(nproc)"
    grep -m1 'model name' /proc/cpuinfo || true
    echo "load at start: $(cat /proc/loadavg)"
    echo "rounds: ${rounds}, kinds: ${kinds}, drain limits: ${drain_limits}, sample intervals: ${sample_intervals}," \
        "metrics: OFF,${METRICS:-ON}"
} > "${results_dir}/environment.txt"
cat "${results_dir}/environment.txt" >&2

# The conditions of one kind, in the order of odd rounds: OFF, then ON per sampling interval. With metrics OFF the
# sampling interval does not apply; the first one is passed so that JMH has a single value.
IFS=',' read -r -a interval_list <<< "${sample_intervals}"
IFS=',' read -r -a kind_list <<< "${kinds}"
IFS=',' read -r -a metrics_list <<< "${METRICS:-ON}"
conditions=("OFF:${interval_list[0]}")
for metrics in "${metrics_list[@]}"; do
    case "${metrics}" in
        ON | SAMPLING)
            for interval in "${interval_list[@]}"; do
                conditions+=("${metrics}:${interval}")
            done
            ;;
        PUBLISHER) conditions+=("${metrics}:${interval_list[0]}") ;;
        *)
            echo "METRICS=${METRICS}: '${metrics}' is not one of ON, SAMPLING, PUBLISHER" >&2
            exit 1
            ;;
    esac
done

for ((round = 1; round <= rounds; round++)); do
    round_dir="${results_dir}/$(printf 'round-%02d' "${round}")"
    mkdir -p "${round_dir}"
    order=("${conditions[@]}")
    if ((round % 2 == 0)); then
        order=()
        for ((i = ${#conditions[@]} - 1; i >= 0; i--)); do
            order+=("${conditions[i]}")
        done
    fi
    for kind in "${kind_list[@]}"; do
        for condition in "${order[@]}"; do
            metrics="${condition%%:*}"
            interval="${condition#*:}"
            name="${kind}-${metrics}-${interval}"
            echo "round ${round}/${rounds}: ${name} (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
            java -jar "${jar}" 'io\.sluice\.jmh\.metrics\.MetricsOverheadBenchmark\.' \
                -p "kind=${kind}" -p "metrics=${metrics}" -p "drainLimit=${drain_limits}" \
                -p "sampleInterval=${interval}" "$@" \
                -f 1 -wi "${warmup_iterations}" -w "${warmup_time}" -i "${iterations}" -r "${iteration_time}" \
                -prof gc -rf csv -rff "${round_dir}/${name}.csv" \
                > "${round_dir}/${name}.txt" 2>&1 || {
                    echo "JMH failed for ${name}; its output:" >&2
                    cat "${round_dir}/${name}.txt" >&2
                    exit 1
                }
        done
    done
done
echo "load at end: $(cat /proc/loadavg)" | tee -a "${results_dir}/environment.txt"

report_args=()
if [[ -n "${FAIL_ON_GOAL:-}" ]]; then
    report_args+=(--fail-on-goal)
fi
java -cp "${jar}" io.sluice.jmh.metrics.MetricsOverheadReport "${report_args[@]}" "${results_dir}" \
    | tee "${results_dir}/report.md"
