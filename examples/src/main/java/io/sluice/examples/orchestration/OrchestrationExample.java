package io.sluice.examples.orchestration;

import io.sluice.examples.cli.ToolErrors;
import io.sluice.queues.channel.ChannelCounters;
import io.sluice.runtime.agent.ThreadingMode;
import io.sluice.runtime.failure.BreakerOpenAction;
import io.sluice.runtime.failure.CircuitBreaker;
import io.sluice.runtime.failure.CircuitBreakerState;
import io.sluice.runtime.failure.DeadLetter;
import io.sluice.runtime.failure.DeadLetterReason;
import io.sluice.runtime.failure.DeadLetterSink;
import io.sluice.runtime.failure.InMemoryDeadLetterSink;
import io.sluice.runtime.failure.InMemoryDeadLetterSink.Entry;
import io.sluice.runtime.failure.RetryPolicy;
import io.sluice.runtime.graph.CloseReport;
import io.sluice.runtime.graph.Graph;
import io.sluice.runtime.graph.GraphBuilder;
import io.sluice.runtime.graph.StageCounters;
import org.agrona.ErrorHandler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Agent orchestration as a runtime graph: a planner fans tasks out to worker agents whose processing is slow and
 * variable (simulated reasoning or external API calls), with retries, a dead-letter queue for the tasks that keep
 * failing, a circuit breaker per worker and dedup on redelivery; the planner is throttled by the slowest worker.
 * <pre>
 *                      +--&gt; worker-0 --+
 * planner --route id--+--&gt; worker-1 --+--&gt; results
 *   (source)           +--&gt; worker-2 --+   (sink, dedup)
 *                         (retry, breaker, dead letters, dedup)
 * </pre>
 * <ul>
 *     <li><b>Fan-out and backpressure.</b> The planner ({@link Planner}) issues tasks as fast as it is allowed and
 *     routes each ({@code StageSpec.route}) to worker {@code id mod workers} over a {@code BLOCK} edge. A source is
 *     given the smallest room of its {@code BLOCK} edges, so when the edge to the slowest worker is full the planner
 *     issues nothing: it runs at that worker's pace, the other workers idle part of the time, and
 *     {@code Graph.bottleneck()} names the slow worker's edge. The edges' time unwritable
 *     ({@code ChannelCounters.unwritableNanos}) is the time the planner was held back.</li>
 *     <li><b>Workers.</b> Each {@link Worker} handles one task at a time for the task's service time (varying with
 *     its kind and randomly), times {@code --slow-factor} on the last worker. Transient failures are retried
 *     ({@code StageSpec.retry}, exponential back-off); poison tasks fail every attempt and end in the dead-letter
 *     queue ({@code StageSpec.deadLetters}); each worker has its own {@link CircuitBreaker}, which opens after a burst
 *     of failures and, while open, holds the task in hand ({@link BreakerOpenAction#HOLD}), so no task is lost to it
 *     and the stall pushes back to the planner. Every breaker transition is recorded and printed.</li>
 *     <li><b>Dedup.</b> After every task is settled, the planner simulates a crash: its checkpoint was
 *     {@code --redeliver} tasks behind, so it issues them again. Each worker has a dedup window on the task id
 *     ({@code StageSpec.dedup}) and drops a task it already completed instead of working it again. Separately, some
 *     attempts fail after sending their result (the acknowledgement was lost), so their retry sends the result twice;
 *     the results sink's dedup window drops the repeat, and each result is applied once.</li>
 * </ul>
 * At the end it prints each edge's conservation identity, each worker's outcome identity and rates, the breaker
 * transitions, the dead-letter queue, the repeats removed, and whether every task was completed once or dead-lettered
 * with none acted on twice. Tasks are drawn from {@code --seed}, so a seed gives the same tasks and failures on every
 * run (timings vary).
 * <p>
 * Allocation: the planner allocates one {@link Task} per task (a task is a millisecond of simulated work), workers
 * send the same object on as their result, failures throw preallocated exceptions, and the runtime allocates nothing
 * per message; the results' record of applied tasks, the dead-letter queue and the breaker transition log grow as
 * needed.
 */
@Command(
    name = "orchestration",
    mixinStandardHelpOptions = true,
    description = "A planner fans tasks out to slow, variable worker agents with retries, a dead-letter queue, a " +
        "circuit breaker per worker and dedup on redelivery; the slowest worker's backpressure throttles the planner.")
public final class OrchestrationExample implements Callable<Integer>
{
    static final String PLANNER = "planner";
    static final String RESULTS = "results";
    static final String RESULTS_EDGE = "workers->results";
    static final double DEFAULT_SECONDS = 3;
    static final double TRANSIENT_SHARE = 0.04;
    static final double ACK_LOST_SHARE = 0.015;
    static final int MAX_ATTEMPTS = 4;
    static final RetryPolicy RETRY = RetryPolicy.exponential(MAX_ATTEMPTS, 1, 8, TimeUnit.MILLISECONDS);
    static final int BREAKER_FAILURES = 3;
    static final long BREAKER_WINDOW_MS = 20;
    static final long BREAKER_OPEN_MS = 5;

    private static final int WORKER_EDGE_CAPACITY = 32;
    private static final int WORKER_EDGE_HIGH = 24;
    private static final int WORKER_EDGE_LOW = 8;
    private static final int RESULTS_EDGE_CAPACITY = 1024;
    private static final int RESULTS_DEDUP_WINDOW = 1 << 16;
    private static final long REPORT_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long POLL_NS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long STALL_NS = TimeUnit.SECONDS.toNanos(30);
    private static final long DRAIN_DEADLINE_NS = TimeUnit.SECONDS.toNanos(30);
    private static final int TRANSITIONS_SHOWN = 12;
    private static final int LETTERS_SHOWN = 3;

    @Spec
    private CommandSpec spec;

    @Option(names = "--seconds", paramLabel = "S",
        description = "Seconds the planner issues new tasks (default: 3 unless --tasks is given).")
    private Double seconds;

    @Option(names = "--tasks", paramLabel = "N",
        description = "Tasks the planner issues, instead of issuing for --seconds.")
    private Long tasks;

    @Option(names = "--workers", defaultValue = "3", paramLabel = "K",
        description = "Worker agents; the last one is the slow one (default: ${DEFAULT-VALUE}).")
    private int workers;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "SEED",
        description = "Seed of the tasks: kinds, service times, failures (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--slow-factor", defaultValue = "3", paramLabel = "F",
        description = "How many times longer the slow worker takes per task (default: ${DEFAULT-VALUE}).")
    private double slowFactor;

    @Option(names = "--poison-percent", defaultValue = "1", paramLabel = "P",
        description = "Percent of tasks that fail every attempt and end in the dead-letter queue " +
        "(default: ${DEFAULT-VALUE}).")
    private double poisonPercent;

    @Option(names = "--redeliver", defaultValue = "500", paramLabel = "N",
        description = "Tasks the planner issues again after its simulated crash (default: ${DEFAULT-VALUE}).")
    private int redeliver;

    @Option(names = "--quiet", description = "Print only the summary, no progress lines.")
    private boolean quiet;

    /**
     * Run the orchestration once.
     *
     * @return 0 if every edge conserved its messages and every task was completed once or dead-lettered, with none
     * acted on twice and every repeat removed; 1 otherwise.
     */
    @Override
    public Integer call()
    {
        checkOptions();
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final Run run = new Run();
        final Graph graph = build(run);
        final int slow = workers - 1;

        out.printf("orchestration: %s -> %d worker%s -> %s, seed %d, %s%n", PLANNER, workers, workers == 1 ? "" : "s",
            RESULTS, seed,
            null != tasks ? String.format("%,d tasks", tasks) : String.format("issuing for %.1f s", issueSeconds()));
        out.printf("slow worker: %s (service times x%.1f)%n", workerName(slow), slowFactor);
        out.printf("tasks: %.1f%% poison, %.1f%% transient failures, %.1f%% lost acknowledgements; %s%n",
            poisonPercent, TRANSIENT_SHARE * 100, ACK_LOST_SHARE * 100, RETRY);
        out.printf("breaker per worker: opens after %d failures within %d ms, probes after %d ms, holds the task " +
            "while open; redelivery after the planner's crash: last %,d tasks%n",
            BREAKER_FAILURES, BREAKER_WINDOW_MS, BREAKER_OPEN_MS, redeliver);
        out.flush();

        run.startNs = System.nanoTime();
        graph.start();
        final boolean stalled = watch(graph, run, out);
        final String bottleneck = graph.bottleneck(new long[graph.edgeNames().size()]);
        final CloseReport closeReport = graph.close(DRAIN_DEADLINE_NS, TimeUnit.NANOSECONDS);

        final boolean good = summarise(graph, run, bottleneck, closeReport, stalled, out, err);
        out.flush();
        err.flush();
        return good ? 0 : 1;
    }

    private void checkOptions()
    {
        check(null == seconds || (seconds > 0 && seconds <= 3600), "--seconds", seconds, "0 < S <= 3600");
        check(null == tasks || (tasks >= 1 && tasks <= 10_000_000), "--tasks", tasks, "1..10000000");
        check(null == seconds || null == tasks, "--tasks", tasks, "either --seconds or --tasks, not both");
        check(workers >= 1 && workers <= 16, "--workers", workers, "1..16");
        check(slowFactor >= 1 && slowFactor <= 100, "--slow-factor", slowFactor, "1 <= F <= 100");
        check(poisonPercent >= 0 && poisonPercent <= 50, "--poison-percent", poisonPercent, "0 <= P <= 50");
        check(redeliver >= 0 && redeliver <= 1_000_000, "--redeliver", redeliver, "0..1000000");
    }

    private void check(final boolean ok, final String option, final Object value, final String allowed)
    {
        ToolErrors.check(spec, ok, option, value, allowed);
    }

    private double issueSeconds()
    {
        return null != seconds ? seconds : DEFAULT_SECONDS;
    }

    static String workerName(final int worker)
    {
        return "worker-" + worker;
    }

    static String edgeName(final int worker)
    {
        return PLANNER + "->" + workerName(worker);
    }

    private Graph build(final Run run)
    {
        run.planner = new Planner(seed,
            null != tasks ? tasks : Long.MAX_VALUE,
            null != tasks ? Long.MAX_VALUE : (long)(issueSeconds() * 1e9),
            poisonPercent / 100, TRANSIENT_SHARE, ACK_LOST_SHARE, redeliver, run.settled::get, run.deadLetters);
        run.results = new Results(run.settled);
        run.workers = new Worker[workers];

        final GraphBuilder builder = GraphBuilder.graph("orchestration")
            .threading(ThreadingMode.THREAD_PER_AGENT)
            .errorHandler(run.errors);
        builder.source(PLANNER, run.planner).route(Task::id);
        final DeadLetterSink<Task> deadLetters = new SettlingDeadLetters(run.deadLetters, run.settled);
        // a worker's dedup window must still hold every redelivered task it completed: at most redeliver of them
        final int workerDedupWindow = redeliver + 1024;
        final List<String> workerNames = new ArrayList<>();
        for (int i = 0; i < workers; i++)
        {
            final String name = workerName(i);
            workerNames.add(name);
            run.workers[i] = new Worker(i == workers - 1 ? slowFactor : 1.0);
            final CircuitBreaker breaker = CircuitBreaker.builder(name)
                .failureThreshold(BREAKER_FAILURES)
                .window(BREAKER_WINDOW_MS, TimeUnit.MILLISECONDS)
                .openDuration(BREAKER_OPEN_MS, TimeUnit.MILLISECONDS)
                .halfOpenProbes(1)
                .listener((b, from, to) -> run.transitions.add(new Transition(System.nanoTime(), b.name(), from, to)))
                .build();
            builder.stage(name, run.workers[i])
                .batch(1)
                .retry(RETRY)
                .circuitBreaker(breaker, BreakerOpenAction.HOLD)
                .deadLetters(deadLetters)
                .dedup(Task::id, workerDedupWindow);
        }
        builder.sink(RESULTS, run.results).dedup(Task::id, RESULTS_DEDUP_WINDOW);
        for (int i = 0; i < workers; i++)
        {
            // declared in worker order: the planner's route picks port id mod workers, so worker-i gets id mod K == i
            builder.edge(edgeName(i), PLANNER, workerName(i))
                .capacity(WORKER_EDGE_CAPACITY)
                .highWaterMark(WORKER_EDGE_HIGH)
                .lowWaterMark(WORKER_EDGE_LOW);
        }
        builder.edge(RESULTS_EDGE, workerNames, RESULTS).capacity(RESULTS_EDGE_CAPACITY);
        return builder.build();
    }

    /**
     * Wait for the graph to finish, printing a progress line every half second unless quiet.
     *
     * @return true if nothing moved for {@link #STALL_NS} (the graph is then closed with a deadline).
     */
    private boolean watch(final Graph graph, final Run run, final PrintWriter out)
    {
        final StageCounters stage = new StageCounters();
        final ChannelCounters edge = new ChannelCounters();
        final long[] lastCompleted = new long[workers];
        long lastIssued = 0;
        long lastReport = run.startNs;
        long lastProgress = -1;
        long lastProgressAt = run.startNs;
        if (!quiet)
        {
            out.printf("%6s %9s  %-24s %-16s %s%n", "time", "issued/s", "completed/s by worker", "depth by edge",
                "bottleneck");
        }
        while (!graph.isDone())
        {
            LockSupport.parkNanos(POLL_NS);
            final long now = System.nanoTime();
            long progress = run.planner.issued() + run.planner.redelivered() + run.results.appliedCount() +
                run.deadLetters.size();
            for (final Worker worker : run.workers)
            {
                progress += worker.attempts();
            }
            if (progress != lastProgress)
            {
                lastProgress = progress;
                lastProgressAt = now;
            }
            else if (now - lastProgressAt > STALL_NS)
            {
                out.printf("STALLED: nothing moved for %d s%n", TimeUnit.NANOSECONDS.toSeconds(STALL_NS));
                return true;
            }
            if (now - lastReport < REPORT_INTERVAL_NS)
            {
                continue;
            }
            final double perSecond = 1e9 / (now - lastReport);
            final StringBuilder completed = new StringBuilder();
            final StringBuilder depths = new StringBuilder();
            for (int i = 0; i < workers; i++)
            {
                final long done = graph.stageCounters(workerName(i), stage).succeeded();
                completed.append(String.format("%,.0f ", (done - lastCompleted[i]) * perSecond));
                lastCompleted[i] = done;
                depths.append(graph.edgeCounters(edgeName(i), edge).depth()).append(' ');
            }
            final long issued = run.planner.issued();
            final String bottleneck = graph.bottleneck();
            if (!quiet)
            {
                out.printf("%5.1fs %,9.0f  %-24s %-16s %s%n", (now - run.startNs) / 1e9,
                    (issued - lastIssued) * perSecond, completed.toString().trim(), depths.toString().trim(),
                    null == bottleneck ? "-" : bottleneck);
                out.flush();
            }
            lastIssued = issued;
            lastReport = now;
        }
        return false;
    }

    private boolean summarise(
        final Graph graph,
        final Run run,
        final String bottleneck,
        final CloseReport closeReport,
        final boolean stalled,
        final PrintWriter out,
        final PrintWriter err)
    {
        final int slow = workers - 1;
        final Planner planner = run.planner;
        final long issued = planner.issued();
        // a stalled run may not have reached these points: measure to now
        final long now = System.nanoTime();
        final long issueEndNs = planner.issueEndNs() > 0 ? planner.issueEndNs() : now;
        final long settledNs = planner.settledNs() > 0 ? planner.settledNs() : now;
        final double issueSeconds = Math.max(1e-9, (issueEndNs - planner.issueStartNs()) / 1e9);
        final double workSeconds = Math.max(1e-9, (settledNs - planner.issueStartNs()) / 1e9);

        // edges: every message offered is delivered, dropped, shed, spilled, refused or still in flight
        out.printf("%n== edges%n");
        boolean conserved = closeReport.drained() && !stalled;
        final ChannelCounters c = new ChannelCounters();
        for (final String edge : graph.edgeNames())
        {
            graph.edgeCounters(edge, c);
            conserved &= c.isConserved() && c.inFlight() == 0 && c.closed();
            out.printf("   %s: offered %,d = delivered %,d + droppedNewest %,d + droppedOldest %,d + shed %,d + " +
                "spilledPending %,d + rejected %,d + timedOut %,d + inFlight %,d%n",
                edge, c.offered(), c.delivered(), c.droppedNewest(), c.droppedOldest(), c.shed(), c.spilledPending(),
                c.rejected(), c.timedOut(), c.inFlight());
            out.printf("   %s  unwritable %,d times, %.2f s%n", " ".repeat(edge.length()), c.unwritableCount(),
                c.unwritableNanos() / 1e9);
        }

        // workers: every task taken is completed, dead-lettered, dropped as a repeat or still held for a retry
        out.printf("%n== workers (tasks taken = succeeded + deadLettered + shed + duplicates + retrying)%n");
        final StageCounters s = new StageCounters();
        long workerDuplicates = 0;
        long sentTwice = 0;
        long failedAttempts = 0;
        for (int i = 0; i < workers; i++)
        {
            final Worker worker = run.workers[i];
            graph.stageCounters(workerName(i), s);
            conserved &= s.isConserved() && s.retrying() == 0;
            workerDuplicates += s.duplicates();
            sentTwice += worker.resultsSentTwice();
            failedAttempts += s.failedAttempts();
            out.printf("   %s%s: received %,d = succeeded %,d + deadLettered %,d + shed %,d + duplicates %,d + " +
                "retrying %,d%n", workerName(i), i == slow ? " (slow)" : "", s.received(), s.succeeded(),
                s.deadLettered(), s.shed(), s.duplicates(), s.retrying());
            out.printf("      attempts %,d (retries %,d, failed %,d); completed %,.0f tasks/s, busy %.0f%% " +
                "(%.2f s), capacity %,.0f tasks/s when busy%n", worker.attempts(), s.retries(), s.failedAttempts(),
                worker.completed() / workSeconds, 100.0 * worker.busyNanos() / 1e9 / workSeconds,
                worker.busyNanos() / 1e9, worker.completed() / Math.max(1e-9, worker.busyNanos() / 1e9));
        }

        // throttling: the planner ran at the pace of the slowest worker
        out.printf("%n== throttling%n");
        final Worker slowWorker = run.workers[slow];
        final double slowRate = slowWorker.completed() / workSeconds;
        out.printf("   planner issued %,d tasks in %.2f s: %,.0f tasks/s%n", issued, issueSeconds,
            issued / issueSeconds);
        out.printf("   slow worker %s completed %,.0f tasks/s, busy %.0f%%; x %d workers = %,.0f tasks/s, the pace " +
            "the planner was held to%n", workerName(slow), slowRate,
            100.0 * slowWorker.busyNanos() / 1e9 / workSeconds, workers, slowRate * workers);
        graph.edgeCounters(edgeName(slow), c);
        out.printf("   planner back-pressured: %,d times, %.2f s (%.0f%% of the issuing time) by %s%n",
            c.unwritableCount(), c.unwritableNanos() / 1e9, 100.0 * c.unwritableNanos() / 1e9 / issueSeconds,
            edgeName(slow));
        out.printf("   bottleneck: %s%s%n", null == bottleneck ? "none" : bottleneck,
            edgeName(slow).equals(bottleneck) ? " (the slow worker's edge)" : "");

        printBreakers(graph, run, out);
        final Set<Long> dead = printDeadLetters(run, out);

        // dedup: redelivered tasks dropped by the workers, results sent twice dropped by the results sink
        graph.stageCounters(RESULTS, s);
        conserved &= s.isConserved();
        final long resultDuplicates = s.duplicates();
        final long redelivered = planner.redelivered();
        out.printf("%n== dedup%n");
        out.printf("   redelivered after the planner's simulated crash: %,d completed tasks; removed by the workers' " +
            "dedup: %,d%n", redelivered, workerDuplicates);
        out.printf("   results sent twice after a lost acknowledgement: %,d; removed by the results' dedup: %,d%n",
            sentTwice, resultDuplicates);
        out.printf("   repeats removed by dedup: %,d%n", workerDuplicates + resultDuplicates);

        // outcome: each task applied once, or dead-lettered (poison tasks exactly)
        long appliedOnce = 0;
        long deadLettered = 0;
        long neither = 0;
        long both = 0;
        for (long id = 0; id < issued; id++)
        {
            final boolean applied = run.results.applied(id);
            final boolean letter = dead.contains(id);
            if (applied && letter)
            {
                both++;
            }
            else if (applied)
            {
                appliedOnce++;
            }
            else if (letter)
            {
                deadLettered++;
            }
            else
            {
                neither++;
            }
        }
        final long actedTwice = run.results.appliedTwice() + both + (redelivered - workerDuplicates);
        final boolean once = neither == 0 && actedTwice == 0 && dead.size() == run.deadLetters.size() &&
            deadLettered == planner.poisonIssued() && resultDuplicates == sentTwice &&
            workerDuplicates == redelivered && failedAttempts == run.errors.expected.get();
        out.printf("%n== outcome%n");
        out.printf("   tasks %,d: completed once %,d + dead-lettered %,d (poison tasks %,d); lost %,d, acted on " +
            "twice %,d%n", issued, appliedOnce, deadLettered, planner.poisonIssued(), neither, actedTwice);
        final List<Throwable> unexpected = new ArrayList<>(run.errors.unexpected);
        for (final Throwable ex : unexpected)
        {
            err.println("unexpected error: " + ex);
        }
        final boolean good = conserved && once && unexpected.isEmpty();
        out.println(good ?
            "nothing lost without being counted: every task completed once or dead-lettered, none acted on twice" :
            "SOMETHING WAS LOST OR ACTED ON TWICE: see above");
        return good;
    }

    private void printBreakers(final Graph graph, final Run run, final PrintWriter out)
    {
        final List<Transition> transitions = new ArrayList<>(run.transitions);
        out.printf("%n== circuit breakers (%,d transitions; the first %d)%n", transitions.size(),
            Math.min(TRANSITIONS_SHOWN, transitions.size()));
        for (int i = 0; i < Math.min(TRANSITIONS_SHOWN, transitions.size()); i++)
        {
            final Transition t = transitions.get(i);
            out.printf("   %7.3fs %s: %s -> %s%n", (t.atNs - run.startNs) / 1e9, t.breaker, t.from, t.to);
        }
        for (int i = 0; i < workers; i++)
        {
            final CircuitBreaker breaker = graph.circuitBreaker(workerName(i));
            out.printf("   %s: opened %,d, half-opened %,d, closed %,d; failures %,d; now %s%n", workerName(i),
                breaker.openedCount(), breaker.halfOpenedCount(), breaker.closedCount(), breaker.failureCount(),
                breaker.state());
        }
    }

    private Set<Long> printDeadLetters(final Run run, final PrintWriter out)
    {
        final List<Entry<Task>> letters = run.deadLetters.letters();
        final Set<Long> ids = new HashSet<>();
        final Map<DeadLetterReason, Long> byReason = new EnumMap<>(DeadLetterReason.class);
        final long[] byWorker = new long[workers];
        long poison = 0;
        int minAttempts = Integer.MAX_VALUE;
        int maxAttempts = 0;
        for (final Entry<Task> letter : letters)
        {
            ids.add(letter.message().id());
            byReason.merge(letter.reason(), 1L, Long::sum);
            byWorker[(int)(letter.message().id() % workers)]++;
            poison += letter.message().poison() ? 1 : 0;
            minAttempts = Math.min(minAttempts, letter.attempts());
            maxAttempts = Math.max(maxAttempts, letter.attempts());
        }
        out.printf("%n== dead-letter queue%n");
        out.printf("   dead-lettered %,d (poison %,d); poison tasks issued %,d; reasons %s%n", letters.size(), poison,
            run.planner.poisonIssued(), byReason);
        if (!letters.isEmpty())
        {
            final StringBuilder perWorker = new StringBuilder();
            for (int i = 0; i < workers; i++)
            {
                perWorker.append(i == 0 ? "" : ", ").append(workerName(i)).append(' ').append(byWorker[i]);
            }
            out.printf("   by worker: %s; %s attempts each%n", perWorker,
                minAttempts == maxAttempts ? String.valueOf(minAttempts) : minAttempts + ".." + maxAttempts);
        }
        for (int i = 0; i < Math.min(LETTERS_SHOWN, letters.size()); i++)
        {
            final Entry<Task> letter = letters.get(i);
            out.printf("   task %,d %s on %s via %s: %d attempts in %.1f ms, %s: %s%n", letter.message().id(),
                letter.message().kind(), letter.stage(), letter.edge(), letter.attempts(),
                (letter.lastAttemptEpochNanos() - letter.firstAttemptEpochNanos()) / 1e6, letter.reason(),
                null == letter.cause() ? "no cause" : letter.cause().getMessage());
        }
        return ids;
    }

    /**
     * What one run shares between the graph's handlers and the report.
     */
    private static final class Run
    {
        final AtomicLong settled = new AtomicLong();
        final InMemoryDeadLetterSink<Task> deadLetters = new InMemoryDeadLetterSink<>(Integer.MAX_VALUE);
        final ConcurrentLinkedQueue<Transition> transitions = new ConcurrentLinkedQueue<>();
        final Errors errors = new Errors();
        Planner planner;
        Worker[] workers;
        Results results;
        long startNs;
    }

    /**
     * One state change of a worker's breaker, recorded on the worker's thread by the breaker's listener.
     */
    private record Transition(long atNs, String breaker, CircuitBreakerState from, CircuitBreakerState to)
    {
    }

    /**
     * The dead-letter queue the workers share: keeps each letter and counts the task as settled.
     */
    private static final class SettlingDeadLetters implements DeadLetterSink<Task>
    {
        private final InMemoryDeadLetterSink<Task> letters;
        private final AtomicLong settled;

        SettlingDeadLetters(final InMemoryDeadLetterSink<Task> letters, final AtomicLong settled)
        {
            this.letters = letters;
            this.settled = settled;
        }

        @Override
        public void onDeadLetter(final DeadLetter<? extends Task> letter)
        {
            letters.onDeadLetter(letter);
            settled.incrementAndGet();
        }
    }

    /**
     * The graph's error handler: counts the workers' simulated failures, keeps anything else as unexpected.
     */
    private static final class Errors implements ErrorHandler
    {
        final AtomicLong expected = new AtomicLong();
        final ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();

        @Override
        public void onError(final Throwable throwable)
        {
            if (throwable instanceof Worker.TaskFailure)
            {
                expected.incrementAndGet();
            }
            else
            {
                unexpected.add(throwable);
            }
        }
    }
}
