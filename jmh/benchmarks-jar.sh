# Sourced by the run-*-benchmarks.sh scripts: sets jmh_dir, root_dir and jar, and builds jmh/target/benchmarks.jar
# when it is missing, older than any source of the modules it packs (queues, runtime, persistence, jmh and the
# parent pom), or when REBUILD is set.

jmh_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root_dir="$(dirname "${jmh_dir}")"
jar="${jmh_dir}/target/benchmarks.jar"

benchmarks_jar_is_stale() {
    [[ -n "${REBUILD:-}" || ! -f "${jar}" ]] && return 0
    [[ -n "$(find "${root_dir}/pom.xml" \
        "${root_dir}/queues/pom.xml" "${root_dir}/queues/src/main" \
        "${root_dir}/runtime/pom.xml" "${root_dir}/runtime/src/main" \
        "${root_dir}/persistence/pom.xml" "${root_dir}/persistence/src/main" \
        "${jmh_dir}/pom.xml" "${jmh_dir}/src/main" -newer "${jar}" -print -quit)" ]]
}

if benchmarks_jar_is_stale; then
    echo "Building ${jar}" >&2
    (cd "${root_dir}" && mvn -q -B -pl jmh -am package -DskipTests)
fi
