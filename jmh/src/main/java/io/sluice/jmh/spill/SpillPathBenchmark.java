package io.sluice.jmh.spill;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The spill path against raw Chronicle Queue, in the same run: append, drain-back, and a round trip of both, for a
 * spilling channel, the spill store on its own, and a raw Chronicle appender and tailer writing and reading the same
 * bytes ({@link Impl}).
 * <p>
 * Each measured call moves exactly {@value #MESSAGES} messages and JMH divides by that
 * ({@code @OperationsPerInvocation}), so the score is nanoseconds per message, and {@code gc.alloc.rate.norm} is
 * bytes per message. Single-shot mode: one call per iteration, so every iteration starts from the same state.
 * <ul>
 *     <li>{@code append}: append the messages (a channel with a stalled consumer: {@value
 *     SpillEndpoint#CHANNEL_CAPACITY} go to memory, the rest spill); the iteration's tear-down drains them.</li>
 *     <li>{@code drain}: the iteration's set-up appends the messages; the call takes them all back in order.</li>
 *     <li>{@code roundTrip}: batches of {@value #BATCH}: append a batch, then drain it.</li>
 * </ul>
 * Every iteration's tear-down checks that each appended message came back exactly once (count and sequence sum) and,
 * for the channels, that the counters are conserved. The queue lives in a temporary directory made at trial set-up
 * (under the system property {@value #DIRECTORY_PROPERTY} if set, else {@code java.io.tmpdir}) and deleted at trial
 * tear-down; a fork writes under 1 GB there.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 8)
@Measurement(iterations = 12)
@Fork(3)
public class SpillPathBenchmark
{
    /** Messages per measured call. */
    public static final int MESSAGES = 1 << 20;
    /** Messages per batch in the round trip. */
    public static final int BATCH = 256;
    /** System property naming the parent directory of the benchmark's temporary directories. */
    public static final String DIRECTORY_PROPERTY = "sluice.jmh.spill.dir";
    /** Goal: the spill path moves at least this share of raw Chronicle's messages per second. */
    public static final double PEER_GOAL = 0.5;

    /**
     * The implementations under test, each with the raw Chronicle peer it is compared with.
     */
    public enum Impl
    {
        CHANNEL_OBJECT("OBJECT_SPSC channel, SPILL to the object store (capacity 8, stalled consumer)", "RAW_OBJECT"),
        STORE_OBJECT("ChronicleSpillStore (TradeCodec, recycling)", "RAW_OBJECT"),
        RAW_OBJECT("raw Chronicle appender/tailer, the record's fields", null),
        CHANNEL_BINARY("BINARY_SPSC channel, SPILL to the binary store (capacity 8, stalled consumer)", "RAW_BINARY"),
        STORE_BINARY("ChronicleBinarySpillStore", "RAW_BINARY"),
        RAW_BINARY("raw Chronicle appender/tailer, type id + payload", null);

        private final String label;
        private final String peer;

        Impl(final String label, final String peer)
        {
            this.label = label;
            this.peer = peer;
        }

        /**
         * @return what runs, for reports.
         */
        public String label()
        {
            return label;
        }

        /**
         * @return the name of the raw peer this implementation is compared with, or null for a peer.
         */
        public String peer()
        {
            return peer;
        }
    }

    @Param
    public Impl impl;

    private Path directory;
    private SpillEndpoint endpoint;
    private boolean prefill;

    @Setup(Level.Trial)
    public void setUp(final BenchmarkParams params) throws IOException
    {
        directory = TempDirectories.create("spill-path-" + impl);
        endpoint = SpillEndpoint.open(impl, directory.resolve("queue"));
        prefill = params.getBenchmark().endsWith(".drain");
    }

    @Setup(Level.Iteration)
    public void prepareIteration()
    {
        if (prefill)
        {
            endpoint.append(MESSAGES);
        }
    }

    @TearDown(Level.Iteration)
    public void checkIteration()
    {
        endpoint.drainAllAndCheck();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        try
        {
            endpoint.close();
        }
        finally
        {
            TempDirectories.delete(directory);
        }
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long append(final AllocationCounters allocation)
    {
        allocation.begin();
        endpoint.append(MESSAGES);
        allocation.end(MESSAGES);
        return endpoint.appended();
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long drain(final AllocationCounters allocation)
    {
        allocation.begin();
        final int drained = endpoint.drain(MESSAGES);
        allocation.end(MESSAGES);
        if (drained != MESSAGES)
        {
            throw new IllegalStateException(impl + ": drained " + drained + " of " + MESSAGES);
        }
        return endpoint.delivered();
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long roundTrip(final AllocationCounters allocation)
    {
        final SpillEndpoint endpoint = this.endpoint;
        allocation.begin();
        for (int i = 0; i < MESSAGES / BATCH; i++)
        {
            endpoint.append(BATCH);
            if (endpoint.drain(BATCH) != BATCH)
            {
                throw new IllegalStateException(impl + ": a batch did not come back whole");
            }
        }
        allocation.end(MESSAGES);
        return endpoint.delivered();
    }
}
