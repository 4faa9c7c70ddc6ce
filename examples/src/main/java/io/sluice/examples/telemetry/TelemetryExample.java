package io.sluice.examples.telemetry;

import io.sluice.examples.cli.ToolErrors;
import io.sluice.persistence.spill.ChronicleBinarySpillStore;
import io.sluice.persistence.spill.SpillOptions;
import io.sluice.queues.channel.BinaryChannel;
import io.sluice.queues.channel.ChannelBuilder;
import io.sluice.queues.channel.ChannelCounters;
import io.sluice.queues.channel.ChannelKind;
import io.sluice.queues.overflow.OverflowPolicy;
import org.HdrHistogram.Histogram;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Telemetry at scale. Several sensor groups, each a producer thread, take readings at a fixed rate and write them
 * (a fixed 32-byte {@link Reading}) straight into a {@code BINARY_MPSC} ingest channel with zero-copy
 * {@code tryClaim}/{@code commit}. A router agent reads the ingest channel and forwards every reading to two
 * channels:
 * <ul>
 *     <li>a dashboard feed, {@code DROP_OLDEST} with a few slots, whose consumer repaints only now and then and wants
 *     only the newest readings: the feed drops the oldest ones, counted, so what the dashboard reads stays fresh
 *     (the example prints the age of what it reads) however far behind it is;</li>
 *     <li>an archive, {@code SPILL} over a Chronicle spill store, whose consumer stalls for part of every second (a
 *     storage flush): overflow goes to disk and drains back in order, and the archive checks that it got every
 *     reading of every group exactly once, in each group's sequence order.</li>
 * </ul>
 * If the router falls behind, the ingest channel pushes back on the sensor groups: their claims are refused
 * ({@code BACK_PRESSURED}), they retry on their next duty cycle, and the example counts the refusals, the time spent
 * waiting and the readings the groups fell short of their schedule.
 * <p>
 * Every thread runs an Agrona {@link Agent}; at the end the example prints, per channel, the conservation identity
 * and whether anything was lost without being counted. Nothing is allocated per reading: the groups write into the
 * claimed ring space, the router and the consumers read flyweights, the router's copies go into preallocated rings
 * and slots (or the spill store), and latencies go into preallocated HdrHistograms. The reporting thread allocates
 * its text once a second.
 */
@Command(
    name = "telemetry",
    mixinStandardHelpOptions = true,
    description = "Sensor groups writing readings zero-copy into one MPSC binary channel; a router feeding a " +
        "DROP_OLDEST dashboard (fresh readings, counted drops) and a SPILL archive on Chronicle (every reading, in " +
        "order); backpressure on the ingest counted; conservation per channel.")
public final class TelemetryExample implements Callable<Integer>
{
    private static final long REPORT_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);
    private static final long SAMPLE_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long START_DELAY_NS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long PRODUCERS_DEADLINE_NS = TimeUnit.SECONDS.toNanos(10);
    private static final long DRAIN_DEADLINE_NS = TimeUnit.SECONDS.toNanos(60);
    private static final int ACK_EVERY = 256;

    @Spec
    private CommandSpec spec;

    @Option(names = "--seconds", defaultValue = "5", paramLabel = "S",
        description = "Seconds the sensor groups take readings (default: ${DEFAULT-VALUE}).")
    private double seconds;

    @Option(names = "--producers", defaultValue = "3", paramLabel = "N",
        description = "Sensor groups, each a producer thread (default: ${DEFAULT-VALUE}).")
    private int producers;

    @Option(names = "--rate", defaultValue = "100000", paramLabel = "N",
        description = "Readings per second each group takes (default: ${DEFAULT-VALUE}).")
    private long rate;

    @Option(names = "--sensors", defaultValue = "8", paramLabel = "N",
        description = "Sensors per group, read in turn (default: ${DEFAULT-VALUE}).")
    private int sensors;

    @Option(names = "--ingest-capacity", defaultValue = "4096", paramLabel = "N",
        description = "Ingest channel capacity in readings; water marks at 3/4 and 1/4 (default: ${DEFAULT-VALUE}).")
    private int ingestCapacity;

    @Option(names = "--feed-capacity", defaultValue = "64", paramLabel = "N",
        description = "Dashboard feed capacity in readings (default: ${DEFAULT-VALUE}).")
    private int feedCapacity;

    @Option(names = "--refresh-ms", defaultValue = "50", paramLabel = "MS",
        description = "Milliseconds between two dashboard repaints (default: ${DEFAULT-VALUE}).")
    private int refreshMillis;

    @Option(names = "--archive-capacity", defaultValue = "1024", paramLabel = "N",
        description = "Archive channel capacity in readings, in memory before spilling (default: ${DEFAULT-VALUE}).")
    private int archiveCapacity;

    @Option(names = "--stall-ms", defaultValue = "200", paramLabel = "MS",
        description = "Milliseconds of every second the archive stops reading, from half a second in " +
        "(default: ${DEFAULT-VALUE}; 0 never stalls).")
    private int stallMillis;

    @Option(names = "--dir", paramLabel = "DIR",
        description = "Spill directory to use and keep (default: a new one under the system temp, removed after).")
    private Path dir;

    @Option(names = "--quiet", description = "Print only the summary.")
    private boolean quiet;

    /**
     * Run the sensor groups, the router, the dashboard and the archive, then print what each channel counted.
     *
     * @return 0 if every channel conserved its readings, the dashboard got the newest readings and the archive got
     *         every reading once and in order; 1 otherwise.
     * @throws IOException if the temporary spill directory cannot be created or removed.
     */
    @Override
    public Integer call() throws IOException
    {
        checkOptions();
        final boolean temporary = null == dir;
        final Path directory = temporary ? Files.createTempDirectory("sluice-telemetry") : dir;
        try
        {
            return run(spec.commandLine().getOut(), directory, temporary);
        }
        finally
        {
            if (temporary)
            {
                deleteRecursively(directory);
            }
        }
    }

    private void checkOptions()
    {
        check(seconds > 0 && seconds <= 3600, "--seconds", seconds, "0 < S <= 3600");
        check(producers >= 1 && producers <= 64, "--producers", producers, "1..64");
        check(rate >= 1 && rate <= 10_000_000, "--rate", rate, "1..10000000");
        check(sensors >= 1 && sensors <= 1000, "--sensors", sensors, "1..1000");
        check(ingestCapacity >= 16 && ingestCapacity <= 1 << 20, "--ingest-capacity", ingestCapacity,
            "16.." + (1 << 20));
        check(feedCapacity >= 2 && feedCapacity <= 1 << 16, "--feed-capacity", feedCapacity, "2.." + (1 << 16));
        check(refreshMillis >= 1 && refreshMillis <= 10_000, "--refresh-ms", refreshMillis, "1..10000");
        check(archiveCapacity >= 16 && archiveCapacity <= 1 << 20, "--archive-capacity", archiveCapacity,
            "16.." + (1 << 20));
        check(stallMillis >= 0 && stallMillis <= 900, "--stall-ms", stallMillis, "0..900");
        check(null == dir || !Files.exists(dir) || Files.isDirectory(dir), "--dir", dir,
            "a directory, or a path where one can be made");
    }

    private void check(final boolean ok, final String option, final Object value, final String allowed)
    {
        ToolErrors.check(spec, ok, option, value, allowed);
    }

    private int run(final PrintWriter out, final Path directory, final boolean temporary)
    {
        final ChronicleBinarySpillStore store;
        try
        {
            store = SpillOptions.directory(directory).ackEvery(ACK_EVERY).binaryStore();
        }
        catch (final RuntimeException ex)
        {
            throw new ParameterException(spec.commandLine(), "--dir=" + directory +
                " is not allowed; allowed a directory a binary spill store can use (" + ex.getMessage() + ")");
        }
        try (store)
        {
            return run(out, directory, temporary, store);
        }
    }

    private int run(
        final PrintWriter out, final Path directory, final boolean temporary, final ChronicleBinarySpillStore store)
    {
        final BinaryChannel ingest = ChannelBuilder.channel("ingest")
            .kind(ChannelKind.BINARY_MPSC)
            .capacity(ingestCapacity)
            .highWaterMark(ingestCapacity * 3 / 4)
            .lowWaterMark(ingestCapacity / 4)
            .maxMessageLength(Reading.LENGTH)
            .buildBinaryChannel();
        final BinaryChannel feed = ChannelBuilder.channel("dashboard-feed")
            .kind(ChannelKind.BINARY_SPSC)
            .capacity(feedCapacity)
            .policy(OverflowPolicy.DROP_OLDEST)
            .maxMessageLength(Reading.LENGTH)
            .buildBinaryChannel();
        final BinaryChannel archive = ChannelBuilder.channel("archive")
            .kind(ChannelKind.BINARY_SPSC)
            .capacity(archiveCapacity)
            .policy(OverflowPolicy.SPILL)
            .binarySpillStore(store)
            .maxMessageLength(Reading.LENGTH)
            .buildBinaryChannel();
        final long recovered = store.recovered();

        final long startNs = System.nanoTime() + START_DELAY_NS;
        final long endNs = startNs + (long)(seconds * 1e9);
        final SensorGroup[] groups = new SensorGroup[producers];
        for (int g = 0; g < producers; g++)
        {
            groups[g] = new SensorGroup(g, sensors, rate, startNs, endNs, ingest);
        }
        final Router router = new Router(ingest, feed, archive);
        final Dashboard dashboard = new Dashboard(feed, TimeUnit.MILLISECONDS.toNanos(refreshMillis), producers,
            sensors);
        final Archive archiver = new Archive(archive, TimeUnit.MILLISECONDS.toNanos(stallMillis), startNs, producers,
            recovered);

        printHeader(out, directory, temporary, ingest, recovered);

        final AtomicReference<Throwable> firstError = new AtomicReference<>();
        final AtomicLong errorCount = new AtomicLong();
        final ErrorHandler errorHandler = (throwable) ->
        {
            errorCount.incrementAndGet();
            firstError.compareAndSet(null, throwable);
        };
        final List<AgentRunner> runners = new ArrayList<>();
        final long[] peakOnDisk = {0};
        final boolean finished;
        try
        {
            start(runners, archiver, new BackoffIdleStrategy(), errorHandler);
            start(runners, dashboard, new SleepingMillisIdleStrategy(1), errorHandler);
            start(runners, router, new BackoffIdleStrategy(), errorHandler);
            for (final SensorGroup group : groups)
            {
                start(runners, group, new BackoffIdleStrategy(), errorHandler);
            }

            report(out, startNs, endNs, ingest, feed, archive, dashboard, archiver, peakOnDisk);

            // the groups stop on their own at the end; then the ingest channel closes and the stream ends in order:
            // the router drains it and closes both outbound channels, their consumers drain them
            final boolean producersDone = awaitAll(endNs + PRODUCERS_DEADLINE_NS, archive, peakOnDisk, () ->
            {
                for (final SensorGroup group : groups)
                {
                    if (!group.isDone())
                    {
                        return false;
                    }
                }
                return true;
            });
            ingest.close();
            finished = producersDone && awaitAll(System.nanoTime() + drainDeadlineNs(), archive, peakOnDisk,
                () -> router.isDone() && dashboard.isDone() && archiver.isDone());
        }
        finally
        {
            for (final AgentRunner runner : runners)
            {
                runner.close();
            }
        }

        boolean good = finished && null == firstError.get();
        if (!finished)
        {
            out.printf("%nDID NOT FINISH within %d s of the end: the counters below show what was still moving%n",
                TimeUnit.NANOSECONDS.toSeconds(drainDeadlineNs()));
        }
        if (null != firstError.get())
        {
            out.printf("%nAGENT ERRORS: %,d, the first: %s%n", errorCount.get(), firstError.get());
        }
        good &= summarise(out, groups, router, dashboard, archiver, ingest, feed, archive, store, peakOnDisk[0]);
        out.println(good ?
            "nothing lost without being counted: every channel conserved, the dashboard saw the newest readings, " +
            "the archive got them all in order" :
            "SOMETHING WAS LOST OR REORDERED: see above");
        out.flush();
        return good ? 0 : 1;
    }

    /**
     * How long the stream may take to end after the groups stop: the archive may have a backlog on disk.
     */
    private long drainDeadlineNs()
    {
        return DRAIN_DEADLINE_NS + (long)(seconds * 1e9);
    }

    private static void start(
        final List<AgentRunner> runners, final Agent agent, final IdleStrategy idle, final ErrorHandler errors)
    {
        final AgentRunner runner = new AgentRunner(idle, errors, null, agent);
        runners.add(runner);
        AgentRunner.startOnThread(runner);
    }

    private void printHeader(
        final PrintWriter out, final Path directory, final boolean temporary, final BinaryChannel ingest,
        final long recovered)
    {
        out.printf("telemetry: %d sensor group(s) x %d sensors, %,d readings/s each (%,d/s in all), for %.1f s%n",
            producers, sensors, rate, rate * producers, seconds);
        out.printf("  ingest          BINARY_MPSC, capacity %,d (high %,d, low %,d): the groups claim %d-byte " +
            "readings in place%n", ingest.capacity(), ingest.highWaterMark(), ingest.lowWaterMark(), Reading.LENGTH);
        out.printf("                  with tryClaim/commit; a refused claim (BACK_PRESSURED) leaves the reading " +
            "due and the group retries%n");
        out.printf("  dashboard-feed  BINARY_SPSC, capacity %,d, DROP_OLDEST: the dashboard repaints every %d ms " +
            "and reads the newest%n", feedCapacity, refreshMillis);
        out.printf("  archive         BINARY_SPSC, capacity %,d, SPILL to Chronicle: the archive stops reading for " +
            "%d ms of every second%n", archiveCapacity, stallMillis);
        out.printf("  spill directory %s%s%s%n", directory, temporary ? " (temporary, removed after)" : "",
            recovered > 0 ? String.format(", %,d readings recovered from an earlier run", recovered) : "");
        out.flush();
    }

    private void report(
        final PrintWriter out,
        final long startNs,
        final long endNs,
        final BinaryChannel ingest,
        final BinaryChannel feed,
        final BinaryChannel archive,
        final Dashboard dashboard,
        final Archive archiver,
        final long[] peakOnDisk)
    {
        if (!quiet)
        {
            out.printf("%6s %10s %13s %9s %13s %9s %10s %10s %9s %10s%n", "time", "ingest/s", "backPressured",
                "feed/s", "droppedOldest", "feedAge", "archive/s", "spilled", "onDisk", "archiveLag");
        }
        final ChannelCounters ingestBefore = ingest.counters(new ChannelCounters());
        final ChannelCounters feedBefore = feed.counters(new ChannelCounters());
        final ChannelCounters archiveBefore = archive.counters(new ChannelCounters());
        final ChannelCounters ingestNow = new ChannelCounters();
        final ChannelCounters feedNow = new ChannelCounters();
        final ChannelCounters archiveNow = new ChannelCounters();
        long lastReport = startNs;
        while (true)
        {
            final long reportAt = Math.min(endNs, lastReport + REPORT_INTERVAL_NS);
            long wait;
            while ((wait = reportAt - System.nanoTime()) > 0)
            {
                LockSupport.parkNanos(Math.min(wait, SAMPLE_INTERVAL_NS));
                peakOnDisk[0] = Math.max(peakOnDisk[0], archive.counters(archiveNow).spilledPending());
            }
            final long now = System.nanoTime();
            ingest.counters(ingestNow);
            feed.counters(feedNow);
            archive.counters(archiveNow);
            peakOnDisk[0] = Math.max(peakOnDisk[0], archiveNow.spilledPending());
            if (!quiet)
            {
                final double perSecond = 1e9 / Math.max(1, now - lastReport);
                out.printf("%5.1fs %,10.0f %,13d %,9.0f %,13d %9s %,10.0f %,10d %,9d %10s%n",
                    (now - startNs) / 1e9,
                    (ingestNow.offered() - ingestBefore.offered()) * perSecond,
                    ingestNow.backPressured(),
                    (feedNow.delivered() - feedBefore.delivered()) * perSecond,
                    feedNow.droppedOldest(),
                    age(dashboard.lastNewestAgeNs()),
                    (archiveNow.delivered() - archiveBefore.delivered()) * perSecond,
                    archiveNow.spilled(),
                    archiveNow.spilledPending(),
                    age(archiver.lastLagNs()));
                out.flush();
            }
            ingestBefore.set(ingestNow);
            feedBefore.set(feedNow);
            archiveBefore.set(archiveNow);
            lastReport = now;
            if (now >= endNs)
            {
                return;
            }
        }
    }

    /**
     * Wait, sampling the archive's spilled backlog, until the condition holds or the deadline passes.
     */
    private static boolean awaitAll(
        final long deadlineNs, final BinaryChannel archive, final long[] peakOnDisk, final BooleanSupplier condition)
    {
        final ChannelCounters counters = new ChannelCounters();
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            peakOnDisk[0] = Math.max(peakOnDisk[0], archive.counters(counters).spilledPending());
        }
        return true;
    }

    private boolean summarise(
        final PrintWriter out,
        final SensorGroup[] groups,
        final Router router,
        final Dashboard dashboard,
        final Archive archiver,
        final BinaryChannel ingest,
        final BinaryChannel feed,
        final BinaryChannel archive,
        final ChronicleBinarySpillStore store,
        final long peakOnDisk)
    {
        final ChannelCounters in = ingest.counters(new ChannelCounters());
        final ChannelCounters fd = feed.counters(new ChannelCounters());
        final ChannelCounters ar = archive.counters(new ChannelCounters());

        out.printf("%n== sensor groups (producers)%n");
        long published = 0;
        long shortfall = 0;
        for (final SensorGroup group : groups)
        {
            published += group.published();
            shortfall += group.due() - group.published();
            out.printf("   group %d: published %,d of %,d due (last #%,d); back-pressured %,d time(s): %,d claims " +
                "refused, %.3f s waiting%n", group.group(), group.published(), group.due(), group.published() - 1,
                group.stalls(), group.backPressured(), group.stalledNanos() / 1e9);
        }
        out.printf("   in all: published %,d readings (%,.0f/s); short of the schedule by %,d because of " +
            "backpressure%n", published, published / seconds, shortfall);

        out.printf("== ingest (BINARY_MPSC, claim/commit)%n");
        final boolean ingestGood = identity(out, in, router.isDone()) && in.offered() == published &&
            in.delivered() == router.forwarded();
        out.printf("   %,d claims refused (BACK_PRESSURED: retried, not offers); unwritable %,d time(s), %.3f s%n",
            in.backPressured(), in.unwritableCount(), in.unwritableNanos() / 1e9);

        out.printf("== dashboard-feed (DROP_OLDEST, capacity %,d)%n", feed.capacity());
        final boolean feedConserved = identity(out, fd, dashboard.isDone()) && fd.offered() == router.forwarded() &&
            fd.delivered() == dashboard.read() && router.dashboardNotTaken() == 0;
        out.printf("   read %,d of %,d forwarded (%.2f%%) in %,d repaints; dropped oldest %,d%n", dashboard.read(),
            fd.offered(), 100.0 * dashboard.read() / Math.max(1, fd.offered()), dashboard.refreshes(),
            fd.droppedOldest());
        out.printf("   age of the readings it read: %s%n", percentiles(dashboard.readAge()));
        out.printf("   age of the newest reading per repaint: %s%n", percentiles(dashboard.newestAge()));
        final StringBuilder newest = new StringBuilder("   newest per group:");
        for (final SensorGroup group : groups)
        {
            final long seen = dashboard.newestSequence(group.group());
            final long last = group.published() - 1;
            newest.append(String.format(" %d #%,d%s", group.group(), seen,
                seen == last ? " (its last)" : String.format(" (%,d behind)", last - seen)));
        }
        out.println(newest);
        final boolean sawNewest = dashboard.lastGroup() == router.lastGroup() &&
            dashboard.lastSequence() == router.lastSequence();
        out.printf("   the last reading forwarded (group %d #%,d) reached the dashboard: %s; sequences only went " +
            "up: %s%n", router.lastGroup(), router.lastSequence(), yesNo(sawNewest),
            yesNo(dashboard.outOfOrder() == 0));
        printScreen(out, groups, dashboard);
        final boolean feedGood = feedConserved && sawNewest && dashboard.outOfOrder() == 0;

        out.printf("== archive (SPILL to Chronicle, capacity %,d)%n", archive.capacity());
        final boolean archiveConserved = identity(out, ar, archiver.isDone()) && ar.offered() == router.forwarded();
        out.printf("   spilled %,d to disk (at most %,d waiting, sampled), drained back %,d in order; %,d stall(s)%n",
            ar.spilled(), peakOnDisk, ar.deliveredFromSpill(), archiver.stalls());
        out.printf("   spill store: appended %,d, refused %,d, files deleted once drained %,d%n", store.appended(),
            store.refused(), store.cyclesDeleted());
        out.printf("   lag from reading to archive: %s%n", percentiles(archiver.lag()));
        long archived = 0;
        boolean complete = true;
        for (final SensorGroup group : groups)
        {
            final int g = group.group();
            archived += archiver.archived(g);
            complete &= archiver.archived(g) == group.published() && archiver.expected(g) == group.published();
        }
        complete &= archiver.gaps() == 0 && archiver.repeats() == 0 && archiver.foreign() == 0 &&
            archived + archiver.recoveredSeen() == ar.delivered() && router.archiveNotTaken() == 0;
        out.printf("   every reading of every group archived once, in sequence order: %s (%,d; %,d missing, %,d " +
            "repeated)%n", yesNo(complete), archived, Math.max(archiver.gaps(), published - archived),
            archiver.repeats());
        if (archiver.foreign() > 0)
        {
            out.printf("   %,d messages that were not readings of this run's groups%n", archiver.foreign());
        }
        if (archiver.recoveredSeen() > 0)
        {
            out.printf("   %,d readings recovered from an earlier run were delivered first (not checked)%n",
                archiver.recoveredSeen());
        }
        return ingestGood && feedGood && archiveConserved && complete;
    }

    /**
     * Print the conservation identity in the wording every example uses, and whether it holds at the end of stream.
     */
    private static boolean identity(final PrintWriter out, final ChannelCounters c, final boolean endOfStream)
    {
        if (c.recovered() > 0)
        {
            out.printf("   offered %,d + recovered %,d = delivered %,d + droppedNewest %,d + droppedOldest %,d + " +
                "shed %,d + spilledPending %,d + rejected %,d + timedOut %,d + inFlight %,d%n", c.offered(),
                c.recovered(), c.delivered(), c.droppedNewest(), c.droppedOldest(), c.shed(), c.spilledPending(),
                c.rejected(), c.timedOut(), c.inFlight());
        }
        else
        {
            out.printf("   offered %,d = delivered %,d + droppedNewest %,d + droppedOldest %,d + shed %,d + " +
                "spilledPending %,d + rejected %,d + timedOut %,d + inFlight %,d%n", c.offered(), c.delivered(),
                c.droppedNewest(), c.droppedOldest(), c.shed(), c.spilledPending(), c.rejected(), c.timedOut(),
                c.inFlight());
        }
        final boolean conserved = c.isConserved() && endOfStream && c.inFlight() == 0 && c.spilledPending() == 0;
        out.printf("   %s%n", conserved ? "conserved: nothing lost without being counted" : "NOT CONSERVED");
        return conserved;
    }

    /**
     * What the dashboard shows at the end: the newest value of the first few sensors of each group.
     */
    private void printScreen(final PrintWriter out, final SensorGroup[] groups, final Dashboard dashboard)
    {
        final int shown = Math.min(4, sensors);
        for (final SensorGroup group : groups)
        {
            if (group.group() >= 4)
            {
                out.printf("   screen: ... %d more group(s)%n", groups.length - 4);
                return;
            }
            final StringBuilder line = new StringBuilder("   screen: group " + group.group() + ":");
            for (int s = 0; s < shown; s++)
            {
                final int sensor = group.group() * sensors + s;
                final long sequence = dashboard.screenSequence(sensor);
                line.append(sequence < 0 ? String.format(" sensor %d -", sensor) :
                    String.format(" sensor %d %.2f (#%,d)", sensor, dashboard.screenValue(sensor), sequence));
            }
            out.println(shown < sensors ? line.append(" ...") : line);
        }
    }

    private static String percentiles(final Histogram histogram)
    {
        if (histogram.getTotalCount() == 0)
        {
            return "none";
        }
        return "p50 " + age(histogram.getValueAtPercentile(50)) + ", p99 " +
            age(histogram.getValueAtPercentile(99)) + ", max " + age(histogram.getMaxValue());
    }

    private static String age(final long nanos)
    {
        if (nanos < 0)
        {
            return "-";
        }
        if (nanos < 1_000_000)
        {
            return String.format("%.0f us", nanos / 1e3);
        }
        if (nanos < 1_000_000_000)
        {
            return String.format("%.1f ms", nanos / 1e6);
        }
        return String.format("%.2f s", nanos / 1e9);
    }

    private static String yesNo(final boolean value)
    {
        return value ? "yes" : "NO";
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
                Files.deleteIfExists(p);
            }
        }
    }
}
