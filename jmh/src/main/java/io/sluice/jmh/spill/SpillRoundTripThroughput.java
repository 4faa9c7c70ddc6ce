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

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The round trip of {@link SpillPathBenchmark} (append a batch of {@value #BATCH}, drain it) in throughput mode, for
 * the allocation goal: an iteration here moves millions of messages under one set-up, so {@code -prof gc}'s
 * {@code gc.alloc.rate.norm} (bytes per message, whole JVM) is not diluted by per-iteration bookkeeping as it is in
 * single-shot mode. Its throughput is a second opinion on the round-trip ratios. The score is messages per
 * microsecond; the iteration's tear-down checks that every message came back exactly once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 3)
@Fork(3)
public class SpillRoundTripThroughput
{
    /** Messages appended, then drained, per call. */
    public static final int BATCH = SpillPathBenchmark.BATCH;

    @Param
    public SpillPathBenchmark.Impl impl;

    private Path directory;
    private SpillEndpoint endpoint;

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        directory = TempDirectories.create("spill-throughput-" + impl);
        endpoint = SpillEndpoint.open(impl, directory.resolve("queue"));
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
    @OperationsPerInvocation(BATCH)
    public long roundTrip()
    {
        endpoint.append(BATCH);
        if (endpoint.drain(BATCH) != BATCH)
        {
            throw new IllegalStateException(impl + ": a batch did not come back whole");
        }
        return endpoint.delivered();
    }
}
