package io.sluice.jmh.pipeline;

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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Three stages, source -> middle -> sink, over two bounded edges: a Sluice graph in the shared-thread and
 * thread-per-agent modes against the same stages hand-wired over raw JCTools {@code SpscArrayQueue}s and run by the
 * same Agrona runners ({@link HandWiredPipeline}), in the same run.
 * <p>
 * The pipeline runs on its own runner threads from trial set-up to tear-down, flat out: the source always has a
 * message, so the throughput is that of the slowest stage or hand-off. The benchmark thread does none of the work:
 * each call parks for {@link #SAMPLE_NANOS} and adds what the sink received since the previous call to the
 * {@link PipelineCounters#delivered} counter. <b>The figure to read is {@code delivered}</b> (messages per second);
 * the primary score only counts the samples. Allocation per message is {@code gc.alloc.rate.norm} (bytes per call,
 * every thread of the JVM included) times calls per second over messages per second.
 * <p>
 * At tear-down the pipeline is stopped and drained, and the run fails unless every message the source emitted
 * reached the sink exactly once, in order, with the right checksum in the middle stage and no stage error.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
@Threads(1)
public class PipelineBenchmark
{
    /**
     * How long each benchmark call parks before it reads the sink's count.
     */
    static final long SAMPLE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /**
     * The variants under test: how the stages are wired and put on threads.
     */
    public enum Wiring
    {
        SHARED_THREAD("Sluice graph, SHARED_THREAD", true, true, "HAND_WIRED_SHARED"),
        THREAD_PER_AGENT("Sluice graph, THREAD_PER_AGENT", true, false, "HAND_WIRED_THREADS"),
        HAND_WIRED_SHARED("Hand-wired JCTools, one shared runner", false, true, null),
        HAND_WIRED_THREADS("Hand-wired JCTools, a runner per agent", false, false, null);

        /**
         * Goal: a Sluice graph delivers at least this share of its hand-wired peer's throughput.
         */
        public static final double PEER_GOAL = 0.8;

        private final String label;
        private final boolean sluice;
        private final boolean sharedThread;
        private final String peer;

        Wiring(final String label, final boolean sluice, final boolean sharedThread, final String peer)
        {
            this.label = label;
            this.sluice = sluice;
            this.sharedThread = sharedThread;
            this.peer = peer;
        }

        /**
         * Human-readable name for tables.
         *
         * @return the label.
         */
        public String label()
        {
            return label;
        }

        /**
         * Whether this is a Sluice graph (the goals apply to Sluice only).
         *
         * @return true for Sluice.
         */
        public boolean isSluice()
        {
            return sluice;
        }

        /**
         * Whether every stage shares one runner thread.
         *
         * @return true for the shared-thread variants.
         */
        public boolean sharedThread()
        {
            return sharedThread;
        }

        /**
         * The hand-wired variant a Sluice variant is compared with, as a {@code mode} parameter value.
         *
         * @return the peer's name, or null for the hand-wired variants.
         */
        public String peer()
        {
            return peer;
        }
    }

    @Param
    Wiring mode;

    /**
     * Capacity of each edge (Sluice channel or JCTools queue), in messages.
     */
    @Param("1024")
    int capacity;

    /**
     * Most messages a stage takes (the source makes) per duty cycle; Sluice's default stage batch.
     */
    @Param("64")
    int batch;

    /**
     * Idle strategy of every runner thread, Sluice and hand-wired alike (see docs/benchmarks.md for the choice).
     */
    @Param("yielding")
    String idleStrategy;

    private Pipeline pipeline;
    private long lastDelivered;

    @Setup(Level.Trial)
    public void startPipeline()
    {
        pipeline = Pipeline.create(mode, capacity, batch, idleStrategy);
        pipeline.start();
    }

    /**
     * Count each iteration from its own start: what the sink received between iterations is not counted.
     */
    @Setup(Level.Iteration)
    public void markIteration()
    {
        lastDelivered = pipeline.delivered();
    }

    @Benchmark
    public long sample(final PipelineCounters counters)
    {
        LockSupport.parkNanos(SAMPLE_NANOS);
        final long delivered = pipeline.delivered();
        counters.delivered += delivered - lastDelivered;
        lastDelivered = delivered;
        return delivered;
    }

    @TearDown(Level.Trial)
    public void stopPipeline()
    {
        pipeline.stopAndVerify();
    }
}
