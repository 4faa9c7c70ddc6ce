package io.sluice.jmh.spill;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What {@code SpillOptions.syncOnAppend(true)} costs, and what a sync that survives power loss costs: appends to the
 * object spill store with and without {@code syncOnAppend}, and a raw Chronicle appender without a sync, with
 * {@code appender.sync()} after each document (what the store does), and with {@code sync()} on a queue built with
 * {@code SyncMode.SYNC}, in the same run ({@link Impl}).
 * <p>
 * Chronicle's {@code sync()} calls {@code msync(MS_ASYNC)} unless the queue was built with {@code SyncMode.SYNC};
 * on Linux {@code MS_ASYNC} starts no write and waits for nothing, so only {@code RAW_MS_SYNC} puts each message on
 * the device before the append returns. Its figure is the latency of one {@code msync(MS_SYNC)} of one page on the
 * file system the queue is on: say which one when quoting it.
 * <p>
 * The score is nanoseconds per appended message (average time, one append per call); the iteration's tear-down
 * drains and checks them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class SpillSyncBenchmark
{

    /**
     * What appends, and how it syncs.
     */
    public enum Impl
    {
        STORE("ChronicleSpillStore, syncOnAppend(false) (default)"),
        STORE_SYNC("ChronicleSpillStore, syncOnAppend(true)"),
        RAW("raw Chronicle appender, no sync"),
        RAW_SYNC("raw Chronicle appender, sync() after each document (default SyncMode: msync MS_ASYNC)"),
        RAW_MS_SYNC("raw Chronicle appender, SyncMode.SYNC, sync() after each document (msync MS_SYNC)");

        private final String label;

        Impl(final String label)
        {
            this.label = label;
        }

        /**
         * @return what runs, for reports.
         */
        public String label()
        {
            return label;
        }
    }

    @Param
    public Impl impl;

    private Path directory;
    private SpillEndpoint endpoint;

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        directory = TempDirectories.create("spill-sync-" + impl);
        final Path queue = directory.resolve("queue");
        endpoint = switch (impl)
        {
            case STORE -> new SpillEndpoint.StoreObject(queue, false);
            case STORE_SYNC -> new SpillEndpoint.StoreObject(queue, true);
            case RAW -> new SpillEndpoint.RawObject(queue, false, false);
            case RAW_SYNC -> new SpillEndpoint.RawObject(queue, true, false);
            case RAW_MS_SYNC -> new SpillEndpoint.RawObject(queue, true, true);
        };
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
    public long append()
    {
        endpoint.append(1);
        return endpoint.appended();
    }
}
