package io.sluice.examples.demo;

import io.sluice.examples.cli.ToolErrors;
import io.sluice.examples.stat.StatCommand;
import io.sluice.persistence.resume.SequenceCheckpoint;
import io.sluice.persistence.resume.SequenceTracker;
import io.sluice.persistence.spill.ChronicleSpillStore;
import io.sluice.persistence.spill.SpillOptions;
import io.sluice.queues.channel.ChannelCounters;
import io.sluice.queues.channel.ChannelKind;
import io.sluice.queues.overflow.OverflowPolicy;
import io.sluice.runtime.agent.ThreadingMode;
import io.sluice.runtime.graph.CloseReport;
import io.sluice.runtime.graph.Graph;
import io.sluice.runtime.graph.GraphBuilder;
import io.sluice.runtime.graph.Outbox;
import io.sluice.runtime.metrics.MetricsOptions;
import io.sluice.runtime.metrics.SluiceMetrics;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * {@code sluice demo}: a telemetry pipeline that shows backpressure propagating. Two sensors fan in over an MPSC edge
 * to a parser, then an aggregator, then a deliberately slow store whose inbound edge is {@code SPILL} over a bounded
 * Chronicle spill store. The store's overflow goes to disk; once the spill is full the edge pushes back like
 * {@code BLOCK}, and the push-back travels through every stage to the sensors. Midway the store speeds up and the
 * spill drains back, in order. The run ends with each edge's conservation identity and a per-sensor proof that no
 * sequence number is missing. {@code --crash-at} kills the process mid-spill; {@code --resume} replays the spill,
 * restarts the sensors from the store's durable acknowledgement and shows the sequence unbroken.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
        "A live telemetry pipeline: sensors (MPSC fan-in) -> parser -> aggregator -> a slow store on a SPILL edge.",
        "Watch the slow store push back through every stage to the sensors, the spill drain when the store speeds",
        "up, and the conservation summary. --crash-at kills it mid-spill; rerun with --resume to replay."})
public final class DemoCommand implements Callable<Integer>
{
    static final String[] EDGES = {"sensors->parser", "parser->aggregator", "aggregator->store"};
    static final int SENSORS = 2;
    private static final int TRACKER_WINDOW = 1 << 21;

    @Spec
    private CommandSpec spec;

    @Option(names = "--duration", defaultValue = "30", paramLabel = "SECONDS",
        description = "How long the sensors send (default: ${DEFAULT-VALUE}); then the pipeline drains.")
    private double duration;

    @Option(names = "--speed-up-at", paramLabel = "SECONDS",
        description = "When the store speeds up (default: half the duration).")
    private Double speedUpAt;

    @Option(names = "--rate", defaultValue = "20000", paramLabel = "N",
        description = "Readings per second each sensor sends (default: ${DEFAULT-VALUE}).")
    private long rate;

    @Option(names = "--slow-micros", defaultValue = "50", paramLabel = "US",
        description = "Microseconds the store takes per record before it speeds up (default: ${DEFAULT-VALUE}).")
    private double slowMicros;

    @Option(names = "--fast-micros", defaultValue = "4", paramLabel = "US",
        description = "Microseconds per record after it speeds up (default: ${DEFAULT-VALUE}).")
    private double fastMicros;

    @Option(names = "--capacity", defaultValue = "1024", paramLabel = "N",
        description = "Capacity of each edge in messages (default: ${DEFAULT-VALUE}).")
    private int capacity;

    @Option(names = "--spill-limit", defaultValue = "100000", paramLabel = "N",
        description = "Records the store's spill holds before its edge pushes back (default: ${DEFAULT-VALUE}).")
    private long spillLimit;

    @Option(names = "--interval", defaultValue = "1", paramLabel = "SECONDS",
        description = "Seconds between refreshes of the live view (default: ${DEFAULT-VALUE}).")
    private double interval;

    @Option(names = "--no-view", description = "No live view: the timeline's events and the summary only.")
    private boolean noView;

    @Option(names = "--crash-at", paramLabel = "SECONDS",
        description = "Kill this process (SIGKILL) this many seconds in, with the spill on disk; rerun with --resume.")
    private Double crashAt;

    @Option(names = "--resume",
        description = "Resume after --crash-at: replay the spill, restart the sensors from the durable ack.")
    private boolean resume;

    @Option(names = "--dir", paramLabel = "DIR",
        description = "Where the spill and the checkpoints live (default: a new directory under the system temp, " +
        "removed after; with --crash-at or --resume: <temp>/sluice-demo, kept until a resumed run succeeds).")
    private Path dir;

    /**
     * Run the demo.
     *
     * @return 0 if nothing was lost; 1 otherwise.
     * @throws Exception if the spill directory cannot be used.
     */
    @Override
    public Integer call() throws Exception
    {
        validate();
        final PrintWriter out = spec.commandLine().getOut();
        final boolean crashing = null != crashAt;
        final Path defaultKept = Path.of(System.getProperty("java.io.tmpdir"), "sluice-demo");
        final Path directory = null != dir ? dir :
            (crashing || resume) ? defaultKept : Files.createTempDirectory("sluice-demo-");
        final boolean removeAfter = null == dir && !crashing;
        if (resume && !Files.exists(directory.resolve("checkpoint-a")))
        {
            throw new ParameterException(spec.commandLine(), "--resume: nothing to resume in " + directory +
                " (no checkpoint); allowed only after a run with --crash-at" + (null == dir ? "" : " and this --dir"));
        }
        if (!resume && Files.exists(directory.resolve("checkpoint-a")))
        {
            out.printf("%s holds an earlier run's state; starting afresh (use --resume to continue it)%n", directory);
            deleteRecursively(directory);
        }
        Files.createDirectories(directory);
        boolean success = false;
        try
        {
            success = run(out, directory);
            return success ? 0 : 1;
        }
        finally
        {
            if (removeAfter && (success || !resume))
            {
                deleteRecursively(directory);
            }
        }
    }

    private boolean run(final PrintWriter out, final Path directory) throws Exception
    {
        final long slowNanos = Math.round(slowMicros * 1000);
        final long fastNanos = Math.round(fastMicros * 1000);
        final SequenceCheckpoint[] checkpoints = new SequenceCheckpoint[SENSORS];
        // tens of thousands of messages a second: time one in 64, not the default one in 1024, so that the wait
        // and service times in `sluice stat` rest on enough samples per second
        try (SluiceMetrics metrics = SluiceMetrics.start(new MetricsOptions().waitTimeSampling(64)
                .serviceTimeSampling(64));
            SequenceCheckpoint a = SequenceCheckpoint.open(directory.resolve("checkpoint-a"));
            SequenceCheckpoint b = SequenceCheckpoint.open(directory.resolve("checkpoint-b"));
            ChronicleSpillStore<Summary> spill = SpillOptions.directory(directory.resolve("spill")).manualAck(true)
                .maxPendingMessages(spillLimit).objectStore(new SummaryCodec()))
        {
            checkpoints[0] = a;
            checkpoints[1] = b;
            final long[] acknowledged = {a.acknowledged(), b.acknowledged()};
            final SequenceTracker[] trackers = new SequenceTracker[SENSORS];
            final long start = System.nanoTime();
            final double speedUp = null != speedUpAt ? speedUpAt : duration / 2;
            final Timeline timeline = new Timeline(start, seconds(duration), seconds(speedUp));
            final SensorSource[] sensors = new SensorSource[SENSORS];
            for (int i = 0; i < SENSORS; i++)
            {
                trackers[i] = new SequenceTracker(acknowledged[i], TRACKER_WINDOW);
                sensors[i] = new SensorSource(i, acknowledged[i] + 1, rate, timeline);
            }
            final SlowStore store = new SlowStore(trackers, checkpoints, spill, slowNanos, start);

            final GraphBuilder builder = GraphBuilder.graph("demo");
            builder.source("sensor-a", sensors[0]);
            builder.source("sensor-b", sensors[1]);
            builder.stage("parser", (RawReading raw, Outbox<Reading> outbox) -> outbox.emit(Reading.parse(raw)));
            builder.stage("aggregator", new Aggregator(SENSORS));
            builder.sink("store", store);
            builder.edge(EDGES[0], List.of("sensor-a", "sensor-b"), "parser").kind(ChannelKind.OBJECT_MPSC)
                .capacity(capacity);
            builder.edge(EDGES[1], "parser", "aggregator").capacity(capacity);
            builder.edge(EDGES[2], "aggregator", "store").capacity(capacity).policy(OverflowPolicy.SPILL)
                .spillStore(spill.forEdge());
            final Graph graph = builder.threading(ThreadingMode.THREAD_PER_AGENT).idleStrategy("backoff")
                .metrics(metrics).build();

            final StringBuilder header = new StringBuilder(512);
            header.append(String.format("sluice demo: sensors a, b (%,d readings/s each) -> parser -> aggregator -> " +
                "store (%s us per record, %s us after %.0f s); store edge SPILL, spill limit %,d records, in %s%n",
                rate, micros(slowMicros), micros(fastMicros), speedUp, spillLimit, directory));
            if (resume)
            {
                header.append(String.format("resuming: sensor a from %,d, sensor b from %,d (the store's durable " +
                    "acknowledgement); %,d records recovered from the spill come first%n", acknowledged[0] + 1,
                    acknowledged[1] + 1, spill.recovered()));
            }
            header.append(String.format("watch it from another terminal too: bin/sluice stat --pid %d%n",
                ProcessHandle.current().pid()));
            out.print(header);
            out.flush();

            graph.start();
            final boolean redraw = !noView && Boolean.getBoolean(StatCommand.STDOUT_TTY_PROPERTY);
            final DemoView view = new DemoView(graph, sensors, store, spillLimit, out, redraw,
                header.toString());
            final long frameNanos = seconds(interval);
            long nextFrame = start + frameNanos;
            boolean spedUp = false;
            final long drainDeadline = seconds(duration + 600);
            while (!graph.isDone())
            {
                final long now = System.nanoTime();
                if (!spedUp && timeline.spedUp(now))
                {
                    spedUp = true;
                    store.costNanos(fastNanos);
                    if (noView)
                    {
                        out.printf("t=%.1f s: the store speeds up to %s us per record%n", timeline.seconds(now),
                            micros(fastMicros));
                        out.flush();
                    }
                }
                if (null != crashAt && timeline.seconds(now) >= crashAt)
                {
                    crash(out, graph);
                }
                if (now - nextFrame >= 0)
                {
                    nextFrame += frameNanos;
                    if (!noView)
                    {
                        view.frame(timeline.seconds(now), spedUp ? micros(fastMicros) + " us/record (sped up)" :
                            micros(slowMicros) + " us/record (slow)");
                    }
                }
                if (now - start > drainDeadline)
                {
                    out.println("the pipeline did not drain within 10 minutes of the end; giving up");
                    graph.close(5, TimeUnit.SECONDS);
                    return false;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            final CloseReport report = graph.close(30, TimeUnit.SECONDS);
            store.acknowledge();
            return summary(out, graph, report, sensors, trackers, acknowledged, store, view,
                timeline.seconds(System.nanoTime()), spill.recovered());
        }
    }

    private boolean summary(
        final PrintWriter out,
        final Graph graph,
        final CloseReport report,
        final SensorSource[] sensors,
        final SequenceTracker[] trackers,
        final long[] acknowledged,
        final SlowStore store,
        final DemoView view,
        final double seconds,
        final long recovered)
    {
        out.printf("%nsummary after %.1f s%s%n", seconds, resume ? " (resumed run)" : "");
        boolean conserved = true;
        long lost = 0;
        long rejected = 0;
        final ChannelCounters c = new ChannelCounters();
        for (final String edge : EDGES)
        {
            graph.edgeCounters(edge, c);
            final boolean holds = c.isConserved();
            conserved &= holds;
            lost += c.droppedNewest() + c.droppedOldest() + c.shed() + c.timedOut() + c.inFlight() +
                c.spilledPending() + (c.rejected() - c.spillRefused());
            rejected += c.spillRefused();
            out.printf("  %s: offered %,d%s = delivered %,d + droppedNewest %,d + droppedOldest %,d + shed %,d + " +
                "spilledPending %,d + rejected %,d + timedOut %,d + inFlight %,d: %s%n", edge, c.offered(),
                c.recovered() > 0 ? String.format(" + recovered %,d", c.recovered()) : "", c.delivered(),
                c.droppedNewest(), c.droppedOldest(), c.shed(), c.spilledPending(), c.rejected(), c.timedOut(),
                c.inFlight(), holds ? "holds" : "BROKEN");
            if (c.spilled() > 0 || c.recovered() > 0)
            {
                out.printf("    spilled %,d to disk and drained back in order (%,d from the spill, %,d from memory)" +
                    "%s%n", c.spilled(), c.deliveredFromSpill(), c.deliveredFromMemory(), c.spillRefused() > 0 ?
                    String.format("; the full spill refused %,d offer(s), each held by the aggregator and offered" +
                    " again (counted as rejected, and again as offered)", c.spillRefused()) : "");
            }
            if (!edge.endsWith("store") && c.unwritableNanos() > 0)
            {
                out.printf("    back-pressured %.1f s in total (%,d times)%n", c.unwritableNanos() / 1e9,
                    c.unwritableCount());
            }
        }
        boolean complete = true;
        for (int i = 0; i < SENSORS; i++)
        {
            final long first = sensors[i].first();
            final long last = sensors[i].last();
            final long watermark = trackers[i].watermark();
            final boolean ok = watermark == last && trackers[i].highest() <= last;
            complete &= ok;
            out.printf("  sensor %c: sent %,d..%,d; stored through %,d%s: %s%n", (char)('a' + i), first, last,
                watermark, first > 1 ? String.format(" (1..%,d acknowledged before the crash)", acknowledged[i]) : "",
                ok ? "no sequence number missing" : "MISSING " + (last - watermark) + " after " + watermark);
        }
        final Histogram latency = store.latency().getIntervalHistogram();
        out.printf("  store: %,d records stored, %,d repeats removed%s; sensor-to-store latency (sampled, %,d): " +
            "p50 %s, p99 %s, max %s%n", store.stored(), store.repeats(), recovered > 0 ?
            String.format(" (after %,d recovered from the spill)", recovered) : "", latency.getTotalCount(),
            millis(latency.getValueAtPercentile(50)), millis(latency.getValueAtPercentile(99)),
            millis(latency.getMaxValue()));
        if (!noView)
        {
            out.printf("  live view: %d frames, the store's edge named the bottleneck in %d, the stages upstream " +
                "pushed back in %d%n", view.frames(), view.bottleneckStoreFrames(), view.pushedBackFrames());
        }
        final boolean nothingLost = conserved && complete && lost == 0 && report.drained();
        out.printf("%s%n", nothingLost ? String.format("lost: none. Every reading was stored once; %,d offer(s) the " +
            "full spill refused were held and sent again.", rejected) :
            "lost: SOMETHING (see above): " + (conserved ? "" : "an identity is broken; ") +
            (complete ? "" : "a sequence is incomplete; ") + (lost == 0 ? "" : lost + " not delivered; ") +
            (report.drained() ? "" : "the graph did not drain: " + report));
        out.flush();
        return nothingLost;
    }

    private static void crash(final PrintWriter out, final Graph graph)
    {
        final ChannelCounters c = graph.edgeCounters(EDGES[2], new ChannelCounters());
        final long pid = ProcessHandle.current().pid();
        out.printf("%n--crash-at: kill -9 %d now, with %,d records on disk in the spill; rerun with --resume%n", pid,
            c.spilledPending());
        out.flush();
        System.out.flush();
        try
        {
            final Process kill = new ProcessBuilder("kill", "-9", Long.toString(pid)).start();
            kill.waitFor(10, TimeUnit.SECONDS);
        }
        catch (final IOException ex)
        {
            // no kill command: halt is as abrupt (no shutdown hooks, no flush, no close)
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().halt(137);
    }

    private void validate()
    {
        check("--duration", duration, duration > 0 && duration <= 86_400, "0 < duration <= 86400");
        check("--rate", rate, rate >= 1 && rate <= 10_000_000, "1..10000000");
        check("--slow-micros", slowMicros, slowMicros >= 0 && slowMicros <= 1_000_000, "0..1000000");
        check("--fast-micros", fastMicros, fastMicros >= 0 && fastMicros <= 1_000_000, "0..1000000");
        check("--capacity", capacity, capacity >= 2 && capacity <= 1 << 20, "2..1048576");
        check("--spill-limit", spillLimit, spillLimit >= 1, "1..");
        check("--interval", interval, interval >= 0.05 && interval <= 3600, "0.05..3600");
        if (null != speedUpAt)
        {
            check("--speed-up-at", speedUpAt, speedUpAt >= 0, "0.. (seconds)");
        }
        if (null != crashAt)
        {
            check("--crash-at", crashAt, crashAt > 0 && crashAt < duration, "0 < crash-at < duration (" +
                duration + ")");
            if (resume)
            {
                throw new ParameterException(spec.commandLine(), "--crash-at and --resume are not allowed together; " +
                    "allowed: one of them");
            }
        }
    }

    private void check(final String option, final Object value, final boolean valid, final String allowed)
    {
        ToolErrors.check(spec, valid, option, value, allowed);
    }

    private static long seconds(final double seconds)
    {
        return Math.round(seconds * 1e9);
    }

    private static String micros(final double micros)
    {
        return micros == Math.rint(micros) ? String.valueOf((long)micros) : String.valueOf(micros);
    }

    private static String millis(final long nanos)
    {
        return String.format("%.1f ms", nanos / 1e6);
    }

    private static void deleteRecursively(final Path path) throws IOException
    {
        if (!Files.exists(path))
        {
            return;
        }
        try (Stream<Path> walk = Files.walk(path))
        {
            for (final Path p : (Iterable<Path>)walk.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.delete(p);
            }
        }
    }
}
