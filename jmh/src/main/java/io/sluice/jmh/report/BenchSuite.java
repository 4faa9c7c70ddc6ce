package io.sluice.jmh.report;

import io.sluice.jmh.BenchmarkMain;
import io.sluice.jmh.metrics.MetricsOverheadReport;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark suite in one command: runs the selected scenarios one after another with the project's JVM flags
 * and the gc profiler, keeps JMH's JSON and log of each under one results directory, shows one progress line while
 * it runs, and writes {@code report.md}: the machine, the JDK, the command, the verdicts of every goal judged (the
 * goals missed listed by name), then each scenario's table of rates or latencies, ratios against its peers with their
 * errors, allocation per message and goal verdicts (the scenario reports that {@code jmh/run-*-benchmarks.sh} print,
 * the channels judged against the suite's goals, {@link RatioReport.GoalSet#SUITE}).
 * <pre>
 * java -jar jmh/target/benchmarks.jar is JMH itself; this is
 * java -cp jmh/target/benchmarks.jar io.sluice.jmh.report.BenchSuite [--profile quick|full]
 *     [--scenario NAME[,NAME...]] [--out DIR] [--list]
 * </pre>
 * Profiles: {@code quick} (one fork, 1 x 1 s warm-up and 3 x 1 s measured per parameter set, about six minutes on
 * two cores, for a first look: its errors are wide; its {@code metrics} scenario runs only the one-thread group, since
 * two rounds of the two-thread group give errors of hundreds of per cent) and {@code full} (3 forks, 3 x 2 s and
 * 5 x 2 s, the settings of the results in {@code docs/benchmarks.md}). A scenario whose benchmarks are not in the jar
 * is reported as missing and the suite goes on.
 * <p>
 * Each scenario's section ends with its charts ({@link SuiteCharts}: delivered-rate bars and, for the channels,
 * ratio bars against each peer; round-trip bars for ping-pong; for the response time, the percentile curves of each
 * rate), PNG files beside the report. On a host shared with other work, compare in interleaved rounds
 * ({@code jmh/run-rounds.sh}): this suite runs every fork of one parameter set before the next, except in the
 * {@code metrics} scenario, which runs metrics off and on in paired rounds as {@code jmh/run-metrics-benchmarks.sh}
 * does (one-fork invocations, alternating, CSV under {@code metrics/round-NN/}), because its goal is a 5 % cost.
 * <p>
 * The exit status is 0 when every scenario ran (or, with {@code --report-only}, was reported or had no JSON), 1 when
 * one failed or had no benchmarks in the jar, 2 on a bad command line. A missed goal does not change it.
 */
public final class BenchSuite
{
    /**
     * How long and how often each parameter set runs.
     */
    enum Profile
    {
        QUICK(1, 1, "1s", 3, "1s"),
        FULL(3, 3, "2s", 5, "2s");

        final int forks;
        final int warmupIterations;
        final TimeValue warmupTime;
        final int iterations;
        final TimeValue iterationTime;

        Profile(final int forks, final int warmupIterations, final String warmupTime, final int iterations,
            final String iterationTime)
        {
            this.forks = forks;
            this.warmupIterations = warmupIterations;
            this.warmupTime = TimeValue.fromString(warmupTime);
            this.iterations = iterations;
            this.iterationTime = TimeValue.fromString(iterationTime);
        }
    }

    /**
     * One use of a scenario's report: renders the results, then tells the goals it judged.
     *
     * @param render the report's {@code render}.
     * @param goals  the report's goals, read after rendering.
     */
    record Section(Function<List<RatioReport.Result>, String> render, Supplier<Goals> goals)
    {
        static <T> Section of(
            final T report, final BiFunction<T, List<RatioReport.Result>, String> render,
            final Function<T, Goals> goals)
        {
            return new Section(results -> render.apply(report, results), () -> goals.apply(report));
        }
    }

    /**
     * A scenario: the benchmarks it runs, their parameters, and the report that reads their results.
     */
    enum Scenario
    {
        OBJECT("object", "object channels against JCTools, Agrona, the Disruptor and ArrayBlockingQueue",
            "io\\.sluice\\.jmh\\.channel\\.ObjectChannelThroughput\\.", Map.of(), BenchSuite::channelSection),
        BINARY("binary", "binary channels against Agrona's ring buffers and ArrayBlockingQueue",
            "io\\.sluice\\.jmh\\.channel\\.BinaryChannelThroughput\\.", Map.of("drainLimit", new String[] {"1", "64"}),
            BenchSuite::channelSection),
        PIPELINE("pipeline", "a three-stage graph against the same stages hand-wired over JCTools",
            "io\\.sluice\\.jmh\\.pipeline\\.PipelineBenchmark\\.", Map.of(),
            () -> Section.of(new PipelineReport(), PipelineReport::render, PipelineReport::goals)),
        SPILL("spill", "spill to Chronicle Queue against a raw appender and tailer; SPILL against DROP_NEWEST",
            "io\\.sluice\\.jmh\\.spill\\.(SpillPathBenchmark|SpillRoundTripThroughput|SpillPolicyBenchmark)\\.",
            Map.of(), () -> Section.of(new SpillReport(), SpillReport::render, SpillReport::goals)),
        BURST("burst", "cost of a burst of 1 and 100 messages to a busy consumer, against the raw queues",
            "io\\.sluice\\.jmh\\.channel\\.BurstCost\\.", Map.of(), BenchSuite::genericSection),
        MPSC2("mpsc2", "two producers into one MPSC inbox (a smoke run: this needs more than 2 cores to mean much)",
            "io\\.sluice\\.jmh\\.channel\\.MpscTwoProducers\\.", Map.of(), BenchSuite::genericSection),
        PINGPONG("pingpong", "round trip between two threads, against raw JCTools, Agrona and a cache-line echo",
            "io\\.sluice\\.jmh\\.latency\\.PingPong\\.", Map.of(),
            () -> Section.of(new PingPongReport(), PingPongReport::render, PingPongReport::goals)),
        RESPONSE("response", "response time at fixed offered rates, open loop, coordinated omission corrected",
            "io\\.sluice\\.jmh\\.latency\\.ResponseTime\\.", Map.of(),
            () -> Section.of(new ResponseTimeReport(), ResponseTimeReport::render, ResponseTimeReport::goals)),
        SLOW("slow", "a slow consumer under each overflow policy: accepted rate, depth, loss",
            "io\\.sluice\\.jmh\\.latency\\.SlowConsumer\\.", Map.of(), BenchSuite::genericSection),
        METRICS("metrics", "the cost of metrics (wait-time sampling and a running publisher): on against off, " +
            "in paired rounds", "io\\.sluice\\.jmh\\.metrics\\.MetricsOverheadBenchmark\\.",
            Map.of(METRICS_KIND, new String[] {"OBJECT_SPSC", "BINARY_SPSC", "OBJECT_MPSC"},
                METRICS_CONDITION, new String[] {"OFF", "ON"}), null);

        final String label;
        final String description;
        final String include;
        final Map<String, String[]> params;
        /**
         * The report of the scenario's JSON; null for a scenario run in paired rounds ({@link #pairedRounds}).
         */
        final Supplier<Section> report;

        Scenario(final String label, final String description, final String include,
            final Map<String, String[]> params, final Supplier<Section> report)
        {
            this.label = label;
            this.description = description;
            this.include = include;
            this.params = params;
            this.report = report;
        }

        /**
         * The benchmarks the scenario runs under a profile: all of them, except that the quick profile's
         * {@code metrics} rounds run the one-thread group alone (two rounds of the two-thread group on a small host
         * give errors of hundreds of per cent, so in a first look they would only cost time).
         */
        String include(final Profile profile)
        {
            return this == METRICS && profile == Profile.QUICK ? METRICS_QUICK_INCLUDE : include;
        }

        /**
         * Whether the scenario runs in paired rounds (CSV under {@code <label>/round-NN/}) rather than as one JMH run
         * with its JSON.
         */
        boolean pairedRounds()
        {
            return null == report;
        }

        static Scenario byLabel(final String label)
        {
            for (final Scenario scenario : values())
            {
                if (scenario.label.equals(label))
                {
                    return scenario;
                }
            }
            throw new IllegalArgumentException("--scenario: '" + label + "' is not a scenario; allowed: " +
                String.join(", ", labels()));
        }

        static List<String> labels()
        {
            return Arrays.stream(values()).map(s -> s.label).toList();
        }
    }

    /**
     * System property: the directory under which the default results directory is made ({@code bin/sluice bench}
     * points it at the checkout's {@code jmh/target/results}).
     */
    static final String RESULTS_PROPERTY = "sluice.bench.results";

    /**
     * The metrics scenario's parameters: the channel kinds, and the conditions compared in each round.
     */
    static final String METRICS_KIND = "kind";
    static final String METRICS_CONDITION = "metrics";

    /**
     * The quick profile's metrics benchmarks: the one-thread group of {@code MetricsOverheadBenchmark}.
     */
    static final String METRICS_QUICK_INCLUDE = "io\\.sluice\\.jmh\\.metrics\\.MetricsOverheadBenchmark\\.roundTrip$";

    static final String HELP = String.join("\n",
        "usage: bench [--profile quick|full] [--scenario NAME[,NAME...]] [--out DIR] [--report-only] [--list]",
        "Runs the JMH benchmark suite with the project's JVM flags and -prof gc, one scenario after another, and",
        "writes JMH's JSON and log per scenario and report.md (rates and latencies, ratios to the peers with their",
        "errors, bytes per message, goal verdicts, PNG charts) into the results directory.",
        "  --profile quick   1 fork, 1 x 1 s warm-up, 3 x 1 s measured (default; a first look, wide errors;",
        "                    metrics: the one-thread group only)",
        "  --profile full    3 forks, 3 x 2 s warm-up, 5 x 2 s measured (the settings of docs/benchmarks.md)",
        "  --scenario        one or more of: " + String.join(", ", Scenario.labels()) + " (default: all)",
        "  --out DIR         results directory (default: jmh/target/results/bench-<UTC time>)",
        "  --list            the scenarios, with what they compare",
        "  --report-only     run nothing: write report.md and the charts from the results already in --out",
        "Busy-spinning benchmarks need the machine to themselves: stop other work while it runs.");

    private BenchSuite()
    {
    }

    private static Section channelSection()
    {
        return Section.of(new RatioReport(RatioReport.GoalSet.SUITE), RatioReport::render, RatioReport::goals);
    }

    private static Section genericSection()
    {
        return Section.of(new GenericReport(), GenericReport::render, GenericReport::goals);
    }

    /**
     * Run the suite and exit with its status.
     *
     * @param args see the class comment.
     * @throws IOException if the results directory cannot be written.
     */
    public static void main(final String[] args) throws IOException
    {
        // exit in every case: a JMH run may leave threads behind
        System.exit(execute(args, System.out, System.err));
    }

    /**
     * Parse the command line and do what it asks.
     *
     * @param args see the class comment.
     * @param out  the report, the help, the scenario list.
     * @param err  progress and problems.
     * @return the exit status: 0, 1 if a scenario failed or had no benchmarks, 2 on a bad command line.
     * @throws IOException if the results directory cannot be written.
     */
    static int execute(final String[] args, final PrintStream out, final PrintStream err) throws IOException
    {
        Profile profile = Profile.QUICK;
        List<Scenario> scenarios = List.of(Scenario.values());
        Path dir = null;
        boolean reportOnly = false;
        try
        {
            for (int i = 0; i < args.length; i++)
            {
                final String arg = args[i];
                final String value = i + 1 < args.length ? args[i + 1] : null;
                switch (arg)
                {
                    case "--help", "-h" ->
                    {
                        out.println(HELP);
                        return 0;
                    }
                    case "--report-only" -> reportOnly = true;
                    case "--list" ->
                    {
                        for (final Scenario scenario : Scenario.values())
                        {
                            out.printf("%-10s %s%n", scenario.label, scenario.description);
                        }
                        return 0;
                    }
                    case "--profile" ->
                    {
                        profile = parseProfile(value);
                        i++;
                    }
                    case "--scenario" ->
                    {
                        scenarios = parseScenarios(value);
                        i++;
                    }
                    case "--out" ->
                    {
                        if (null == value)
                        {
                            throw new UsageException("--out needs a directory");
                        }
                        dir = Path.of(value);
                        i++;
                    }
                    default -> throw new UsageException("unknown option " + arg);
                }
            }
        }
        catch (final UsageException ex)
        {
            err.println("bench: " + ex.getMessage());
            err.println(HELP.lines().findFirst().orElse(""));
            return 2;
        }
        if (null == dir)
        {
            final String stamp =
                DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
            dir = Path.of(System.getProperty(RESULTS_PROPERTY, "jmh/target/results"), "bench-" + stamp);
        }
        return run(profile, scenarios, dir, String.join(" ", args), reportOnly, out, err);
    }

    private static Profile parseProfile(final String value)
    {
        if (null == value)
        {
            throw new UsageException("--profile needs quick or full");
        }
        try
        {
            return Profile.valueOf(value.toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new UsageException("--profile: '" + value + "' is not a profile; allowed: quick, full");
        }
    }

    private static List<Scenario> parseScenarios(final String value)
    {
        if (null == value || value.isBlank())
        {
            throw new UsageException("--scenario needs one or more of " + String.join(", ", Scenario.labels()));
        }
        final List<Scenario> chosen = new ArrayList<>();
        for (final String label : value.split(","))
        {
            try
            {
                chosen.add(Scenario.byLabel(label.trim()));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new UsageException(ex.getMessage());
            }
        }
        return chosen;
    }

    /**
     * A bad command line: {@link #execute} prints the problem and the usage line and returns 2.
     */
    static final class UsageException extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        UsageException(final String problem)
        {
            super(problem);
        }
    }

    /**
     * Run scenarios and write the report.
     *
     * @param profile   how long.
     * @param scenarios what, in order.
     * @param out       results directory (created).
     * @param command    the command line, for the report.
     * @param reportOnly do not run: report the JSON results already in {@code out}.
     * @param stdout     gets the report.
     * @param stderr     gets the progress.
     * @return 0 if every scenario ran, 1 if one failed or had no benchmarks.
     * @throws IOException if the directory or the report cannot be written.
     */
    static int run(
        final Profile profile, final List<Scenario> scenarios, final Path out, final String command,
        final boolean reportOnly, final PrintStream stdout, final PrintStream stderr)
        throws IOException
    {
        Files.createDirectories(out);
        stderr.println("bench: profile " + profile.name().toLowerCase(Locale.ROOT) + ", scenarios " +
            String.join(", ", scenarios.stream().map(s -> s.label).toList()) + "; results in " + out);
        final StringBuilder report = new StringBuilder();
        final GoalSummary summary = new GoalSummary();
        final Instant start = Instant.now();
        int status = 0;
        for (int i = 0; i < scenarios.size(); i++)
        {
            final Scenario scenario = scenarios.get(i);
            final boolean paired = scenario.pairedRounds();
            // a JMH run's JSON, or the directory of a paired scenario's rounds
            final Path results = out.resolve(paired ? scenario.label : scenario.label + ".json");
            final Path log = out.resolve(scenario.label + ".log");
            report.append("## ").append(scenario.label).append(": ").append(scenario.description).append("\n\n");
            final String prefix = "[" + (i + 1) + "/" + scenarios.size() + " " + scenario.label + "]";
            try
            {
                if (!reportOnly)
                {
                    if (paired)
                    {
                        runRounds(scenario, profile, results, log, prefix, start);
                    }
                    else
                    {
                        runScenario(scenario, profile, results, log, prefix, start);
                    }
                }
                else if (!Files.exists(results))
                {
                    report.append("Not run (--report-only, no ").append(results.getFileName())
                        .append(paired ? "/" : "").append(").\n\n");
                    continue;
                }
                if (paired)
                {
                    pairedSection(results, scenario.label, report, summary);
                    continue;
                }
                final List<RatioReport.Result> jmhResults = RatioReport.read(results);
                final Section section = scenario.report.get();
                report.append(demoteHeadings(section.render().apply(jmhResults))).append('\n');
                summary.add(scenario.label, section.goals().get());
                report.append(charts(jmhResults, out, scenario.label, stderr)).append('\n');
            }
            catch (final NoBenchmarksException ex)
            {
                stderr.println(prefix + " no benchmarks matching " + scenario.include(profile) + " in this jar");
                report.append("Not run: no benchmarks in this jar match `").append(scenario.include(profile))
                    .append("`.\n\n");
                status = 1;
            }
            catch (final RunnerException | RuntimeException ex)
            {
                // with --report-only the log is a previous run's, and the results are what failed to be read
                final Path file = reportOnly ? results : log;
                stderr.println(prefix + " failed: " + ex + " (" + (reportOnly ? "results: " : "log: ") + file + ")");
                report.append("Failed: ").append(ex.getMessage()).append(" (").append(reportOnly ? "results" : "log")
                    .append(" `").append(file.getFileName()).append("`).\n\n");
                status = 1;
            }
        }
        final String document = "# Sluice benchmark suite\n\n" + environment(profile, command) + '\n' +
            summary.render() + report;
        final Path reportFile = out.resolve("report.md");
        Files.writeString(reportFile, document, StandardCharsets.UTF_8);
        stderr.println("bench: done in " + format(Duration.between(start, Instant.now())) + "; report " +
            reportFile);
        stdout.print(document);
        return status;
    }

    /**
     * The verdicts of every scenario's goals, for the top of the report: the counts, then every goal missed and every
     * goal that could not be judged, by name, so that a miss is said plainly and not only in its scenario's table.
     */
    static final class GoalSummary
    {
        private int passed;
        private int failed;
        private final List<String> missed = new ArrayList<>();
        private final List<String> notJudged = new ArrayList<>();

        void add(final String scenario, final Goals goals)
        {
            passed += goals.passed();
            failed += goals.failed();
            goals.missed().forEach(line -> missed.add(scenario + ": " + line));
            goals.notes().forEach(line -> notJudged.add(scenario + ": " + line));
        }

        String render()
        {
            final StringBuilder out = new StringBuilder("## Goals of this run\n\n");
            if (passed + failed + notJudged.size() == 0)
            {
                return out.append("No goal was judged: no scenario with goals was reported.\n\n").toString();
            }
            out.append(passed).append(" passed, ").append(failed).append(" missed, ").append(notJudged.size())
                .append(" not judged.").append(failed == 0 ? " Every goal judged was met." : "").append("\n\n");
            if (!missed.isEmpty())
            {
                out.append("Missed (FAIL; \"within error\" means the goal lies inside the error, so more forks or " +
                    "iterations may yet tell):\n\n");
                missed.forEach(line -> out.append("- ").append(line).append('\n'));
                out.append('\n');
            }
            if (!notJudged.isEmpty())
            {
                out.append("Not judged:\n\n");
                notJudged.forEach(line -> out.append("- ").append(line).append('\n'));
                out.append('\n');
            }
            return out.toString();
        }
    }

    /**
     * A paired scenario's section, from its rounds: {@link MetricsOverheadReport}'s table, its goals added to the
     * summary.
     */
    private static void pairedSection(
        final Path rounds, final String label, final StringBuilder report, final GoalSummary summary)
        throws IOException
    {
        final MetricsOverheadReport section = new MetricsOverheadReport();
        report.append(demoteHeadings(section.render(CsvResults.readAll(rounds)))).append('\n');
        final Goals goals = new Goals();
        section.goalsMet().forEach(line -> goals.judged(true, line));
        section.goalsMissed().forEach(line -> goals.judged(false, line));
        section.goalsNotJudged().forEach(goals::note);
        summary.add(label, goals);
    }

    /**
     * The number of paired rounds a profile runs: two for {@code quick} (the fewest that give an error), twice the
     * forks of the other scenarios for {@code full}.
     */
    static int rounds(final Profile profile)
    {
        return Math.max(2, 2 * profile.forks);
    }

    /**
     * Run a scenario in paired rounds: in each round, for each kind, one one-fork JMH invocation per condition, in
     * reverse order every other round (OFF ON | ON OFF | ...), each writing {@code round-NN/<kind>-<condition>.csv};
     * JMH's text output of all of them to the log.
     */
    private static void runRounds(
        final Scenario scenario, final Profile profile, final Path dir, final Path log, final String prefix,
        final Instant start)
        throws IOException, RunnerException
    {
        final String[] kinds = scenario.params.get(METRICS_KIND);
        final String[] conditions = scenario.params.get(METRICS_CONDITION);
        final int rounds = rounds(profile);
        final int invocations = rounds * kinds.length * conditions.length;
        int invocation = 0;
        try (PrintStream logStream = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8))
        {
            for (int round = 1; round <= rounds; round++)
            {
                final Path roundDir = dir.resolve(String.format(Locale.ROOT, "round-%02d", round));
                Files.createDirectories(roundDir);
                for (final String kind : kinds)
                {
                    for (int c = 0; c < conditions.length; c++)
                    {
                        final String condition = conditions[round % 2 == 1 ? c : conditions.length - 1 - c];
                        invocation++;
                        final Path csv = roundDir.resolve(kind + "-" + condition + ".csv");
                        final String step = prefix + " round " + round + "/" + rounds + ", run " + invocation + "/" +
                            invocations;
                        try (ProgressFormat format = new ProgressFormat(
                            OutputFormatFactory.createFormatInstance(logStream, VerboseMode.NORMAL), step, start,
                            "of this run"))
                        {
                            final ChainedOptionsBuilder options = builder(scenario.include(profile), profile, 1)
                                .param(METRICS_KIND, kind)
                                .param(METRICS_CONDITION, condition)
                                .resultFormat(ResultFormatType.CSV)
                                .result(csv.toString());
                            new Runner(options.build(), format).run();
                            format.finish();
                        }
                    }
                }
            }
        }
    }

    /**
     * Run one scenario's benchmarks: JMH's text output to the log, its JSON to {@code json}, one progress line to the
     * terminal. Only a real run opens the log: {@code --report-only} leaves the previous run's log as it is.
     */
    private static void runScenario(
        final Scenario scenario, final Profile profile, final Path json, final Path log, final String prefix,
        final Instant start)
        throws IOException, RunnerException
    {
        try (PrintStream logStream = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8);
            ProgressFormat format = new ProgressFormat(
                OutputFormatFactory.createFormatInstance(logStream, VerboseMode.NORMAL), prefix, start))
        {
            new Runner(options(scenario, profile, json), format).run();
            format.finish();
        }
    }

    private static org.openjdk.jmh.runner.options.Options options(
        final Scenario scenario, final Profile profile, final Path json)
    {
        final ChainedOptionsBuilder builder = builder(scenario.include, profile, profile.forks)
            .resultFormat(ResultFormatType.JSON)
            .result(json.toString());
        for (final Map.Entry<String, String[]> param : scenario.params.entrySet())
        {
            builder.param(param.getKey(), param.getValue());
        }
        return builder.build();
    }

    /**
     * JMH's options every scenario shares: its benchmarks, the profile's iterations, the gc profiler and the
     * project's JVM flags.
     */
    private static ChainedOptionsBuilder builder(final String include, final Profile profile, final int forks)
    {
        return new OptionsBuilder()
            .include(include)
            .forks(forks)
            .warmupIterations(profile.warmupIterations)
            .warmupTime(profile.warmupTime)
            .measurementIterations(profile.iterations)
            .measurementTime(profile.iterationTime)
            .addProfiler("gc")
            .jvmArgsAppend(BenchmarkMain.projectJvmFlags().toArray(new String[0]));
    }

    private static String environment(final Profile profile, final String command)
    {
        return "| | |\n|---|---|\n" +
            "| date | " + DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(java.time.temporal.ChronoUnit
            .SECONDS)) + " |\n" +
            "| machine | " + Runtime.getRuntime().availableProcessors() + " CPUs, " + System.getProperty("os.name") +
            " " + System.getProperty("os.arch") + " |\n" +
            "| JDK | " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + " |\n" +
            "| profile | " + profile.name().toLowerCase(Locale.ROOT) + ": " + profile.forks + " fork(s), " +
            profile.warmupIterations + " x " + profile.warmupTime + " warm-up, " + profile.iterations + " x " +
            profile.iterationTime + " measured, -prof gc |\n" +
            "| command | `BenchSuite " + command + "` |\n";
    }

    private static String charts(
        final List<RatioReport.Result> results, final Path out, final String label, final PrintStream stderr)
    {
        try
        {
            return SuiteCharts.draw(results, out, label);
        }
        catch (final IOException | RuntimeException | Error ex)
        {
            // a host without fonts or a display library fails here: keep the tables and say why there is no chart
            stderr.println("bench: charts of " + label + " not drawn: " + ex);
            return "Charts not drawn: " + ex + "\n";
        }
    }

    /**
     * A scenario report's headings one level down, so that they sit under the suite's scenario heading.
     */
    static String demoteHeadings(final String markdown)
    {
        return markdown.replaceAll("(?m)^(#+ )", "#$1");
    }

    static String format(final Duration duration)
    {
        return String.format(Locale.ROOT, "%02d:%02d", duration.toMinutes(), duration.toSecondsPart());
    }

    /**
     * JMH's text output goes to the scenario's log; the terminal gets one progress line: the scenario, JMH's own
     * percentage of it and its estimate of the time left, the benchmark and parameters running, the iteration.
     */
    static final class ProgressFormat implements OutputFormat, AutoCloseable
    {
        private static final Pattern RUN_PROGRESS =
            Pattern.compile("# Run progress: ([0-9.]+)% complete, ETA (\\d+):(\\d+):(\\d+)");

        private final OutputFormat log;
        private final String prefix;
        private final Instant start;
        private final String scope;
        private final boolean redraw = null != System.console();
        private String percent = "0.00";
        private String eta = "?";
        private String benchmark = "";
        private String iteration = "";

        ProgressFormat(final OutputFormat log, final String prefix, final Instant start)
        {
            this(log, prefix, start, "of scenario");
        }

        /**
         * @param scope what JMH's percentage is of, for the line ("of scenario", or "of this run" when a scenario is
         *              several JMH runs).
         */
        ProgressFormat(final OutputFormat log, final String prefix, final Instant start, final String scope)
        {
            this.log = log;
            this.prefix = prefix;
            this.start = start;
            this.scope = scope;
        }

        private void show(final boolean always)
        {
            final String line = prefix + " " + percent + "% " + scope + ", ETA " + eta + " | " + benchmark + " | " +
                iteration + " | elapsed " + format(Duration.between(start, Instant.now()));
            if (redraw)
            {
                System.err.print("\r\033[K" + line);
            }
            else if (always)
            {
                System.err.println(line);
            }
        }

        void finish()
        {
            percent = "100.00";
            eta = "00:00";
            iteration = "done";
            show(true);
            if (redraw)
            {
                System.err.println();
            }
        }

        @Override
        public void iteration(final BenchmarkParams benchParams, final IterationParams params, final int n)
        {
            iteration = params.getType().name().toLowerCase(Locale.ROOT) + " " + n + "/" + params.getCount();
            show(false);
            log.iteration(benchParams, params, n);
        }

        @Override
        public void iterationResult(final BenchmarkParams benchParams, final IterationParams params, final int n,
            final IterationResult data)
        {
            log.iterationResult(benchParams, params, n, data);
        }

        @Override
        public void startBenchmark(final BenchmarkParams benchParams)
        {
            final String name = benchParams.getBenchmark();
            final StringBuilder text = new StringBuilder(name.substring(name.lastIndexOf('.', name.lastIndexOf('.')
                - 1) + 1));
            for (final String key : benchParams.getParamsKeys())
            {
                text.append(' ').append(key).append('=').append(benchParams.getParam(key));
            }
            benchmark = text.toString();
            iteration = "starting fork";
            show(true);
            log.startBenchmark(benchParams);
        }

        @Override
        public void endBenchmark(final BenchmarkResult result)
        {
            log.endBenchmark(result);
        }

        @Override
        public void startRun()
        {
            log.startRun();
        }

        @Override
        public void endRun(final Collection<RunResult> result)
        {
            log.endRun(result);
        }

        @Override
        public void print(final String s)
        {
            log.print(s);
        }

        @Override
        public void println(final String s)
        {
            final Matcher progress = RUN_PROGRESS.matcher(s);
            if (progress.find())
            {
                percent = progress.group(1);
                final int hours = Integer.parseInt(progress.group(2));
                eta = (hours > 0 ? hours + ":" : "") + progress.group(3) + ":" + progress.group(4);
            }
            log.println(s);
        }

        @Override
        public void flush()
        {
            log.flush();
        }

        @Override
        public void close()
        {
            log.flush();
        }

        @Override
        public void verbosePrintln(final String s)
        {
            log.verbosePrintln(s);
        }

        @Override
        public void write(final int b)
        {
            log.write(b);
        }

        @Override
        public void write(final byte[] b) throws IOException
        {
            log.write(b);
        }
    }
}
