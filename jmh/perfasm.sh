#!/usr/bin/env bash
# Runs one JMH benchmark under JMH's perfasm profiler (Linux perf + -XX:+PrintAssembly): the hottest regions of
# compiled code with the share of samples on each instruction and the Java source each instruction came from. For
# finding out where a hot loop spends its time (a load chain, a type check, a barrier), not for figures: one fork,
# and the profiler itself perturbs the run.
#
# What it sets up, under jmh/target (nothing outside it):
#   - hsdis: HotSpot prints instructions only with a disassembler plugin. jmh/tools/hsdis-capstone.c is built
#     against capstone into target/hsdis/hsdis-amd64.so and found through LD_LIBRARY_PATH (JDK 17 and 25 alike).
#     Needs gcc and capstone's headers: apt-get install gcc libcapstone-dev (the script installs them when run as
#     root with apt-get available, as on the CI image).
#   - perf without hardware counters: in a VM perf often has no "cycles" event, and perfasm refuses to start
#     without it. The script then puts a wrapper first on PATH that asks perf for the software cpu-clock event
#     instead, and tells perfasm to read cpu-clock samples. cpu-clock samples are timer interrupts: the sample lands
#     on or just after the instruction that was waiting (skid), so read shares per small group of instructions.
#
# Usage: jmh/perfasm.sh BENCHMARK_REGEX [JMH options...]
#   e.g. jmh/perfasm.sh 'PipelineBenchmark' -p mode=SHARED_THREAD
# Defaults for the options not given: -f 1 -wi 3 -w 2s -i 3 -r 2s. The output is saved as
# jmh/target/results/perfasm-<timestamp>.txt.
# PERFASM_OPTIONS adds perfasm options, e.g. PERFASM_OPTIONS='hotThreshold=0.02;top=5'.
set -euo pipefail

if [[ $# -lt 1 ]]; then
    sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
    exit 2
fi

# shellcheck source=benchmarks-jar.sh
source "$(dirname "${BASH_SOURCE[0]}")/benchmarks-jar.sh"

command -v perf >/dev/null 2>&1 || { echo "perfasm needs Linux perf (Debian: apt-get install linux-perf)" >&2; exit 1; }

hsdis_dir="${jmh_dir}/target/hsdis"
hsdis="${hsdis_dir}/hsdis-amd64.so"
source_c="${jmh_dir}/tools/hsdis-capstone.c"
if [[ ! -f "${hsdis}" || "${source_c}" -nt "${hsdis}" ]]; then
    if ! command -v gcc >/dev/null 2>&1 || [[ ! -f /usr/include/capstone/capstone.h ]]; then
        if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
            echo "Installing gcc and libcapstone-dev (to build the disassembler plugin)" >&2
            apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc libcapstone-dev >/dev/null
        else
            echo "building ${hsdis} needs gcc and capstone's headers (Debian: apt-get install gcc libcapstone-dev)" >&2
            exit 1
        fi
    fi
    mkdir -p "${hsdis_dir}"
    gcc -O2 -Wall -Wextra -shared -fPIC -o "${hsdis}" "${source_c}" -lcapstone
    echo "Built ${hsdis}" >&2
fi
export LD_LIBRARY_PATH="${hsdis_dir}${LD_LIBRARY_PATH:+:${LD_LIBRARY_PATH}}"

event="cycles"
if ! perf stat -x, -e cycles true 2>&1 >/dev/null | grep -q '^[0-9]'; then
    # no hardware cycles counter (typical in a VM): perfasm checks for "cycles", so give it a perf that counts
    # the software cpu-clock under that name's request
    wrap_dir="${jmh_dir}/target/perfwrap"
    mkdir -p "${wrap_dir}"
    cat > "${wrap_dir}/perf" <<WRAPPER
#!/usr/bin/env bash
# written by jmh/perfasm.sh: this machine's perf has no hardware counters; ask for software clocks instead
args=()
for a in "\$@"; do a="\${a//cycles/cpu-clock}"; a="\${a//instructions/task-clock}"; args+=("\$a"); done
exec $(command -v perf) "\${args[@]}"
WRAPPER
    chmod +x "${wrap_dir}/perf"
    export PATH="${wrap_dir}:${PATH}"
    event="cpu-clock"
    echo "perf has no hardware 'cycles' here: sampling the software cpu-clock instead" >&2
fi

benchmark="$1"
shift
mkdir -p "${jmh_dir}/target/results"
out="${jmh_dir}/target/results/perfasm-$(date -u +%Y%m%dT%H%M%SZ).txt"
options="events=${event};intelSyntax=true;hotThreshold=0.05${PERFASM_OPTIONS:+;${PERFASM_OPTIONS}}"
defaults=()
for option in "-f 1" "-wi 3" "-w 2s" "-i 3" "-r 2s"; do
    given=""
    for arg in "$@"; do [[ "${arg}" == "${option%% *}" ]] && given=1; done
    [[ -z "${given}" ]] && defaults+=("${option%% *}" "${option#* }")
done
java -jar "${jar}" "${benchmark}" "${defaults[@]}" "$@" -prof "perfasm:${options}" | tee "${out}"
echo "Saved ${out}" >&2
echo
echo "# Samples by source line (io.sluice.jmh.report.PerfAsmSummary)"
java -cp "${jar}" io.sluice.jmh.report.PerfAsmSummary "${out}"
