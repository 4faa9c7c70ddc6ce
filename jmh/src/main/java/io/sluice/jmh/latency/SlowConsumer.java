package io.sluice.jmh.latency;

import io.sluice.jmh.support.SpinAgent;
import io.sluice.queues.channel.ChannelBuilder;
import io.sluice.queues.channel.ChannelCounters;
import io.sluice.queues.channel.ChannelKind;
import io.sluice.queues.channel.ObjectChannel;
import io.sluice.queues.overflow.InMemorySpillStore;
import io.sluice.queues.overflow.OverflowPolicy;
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

/**
 * A slow consumer behind a Sluice OBJECT_SPSC channel under each overflow policy: the consumer thread spends a fixed
 * time per message (a busy spin on {@link System#nanoTime()} of {@code workNanos}, 1000 ns: at most about 1M
 * messages/s), the producer (the benchmark thread) offers flat out, one offer per call. Reported per iteration: the
 * producer's offered, accepted, spilled, dropped, rejected and timed-out rates and the delivered rate
 * ({@link SlowConsumerRates}), and the channel's depth sampled every 1024 offers ({@link SlowConsumerDepth}).
 * <p>
 * What to expect: the delivered rate is the consumer's (about 1/workNanos, less when the consumer shares its core)
 * under every policy. BLOCK accepts at the delivered rate and refuses nothing (its producer waits); DROP_NEWEST and
 * FAIL_FAST accept at about the delivered rate and drop or reject the rest; DROP_OLDEST accepts every offer and drops
 * queued messages instead. SPILL uses an {@link InMemorySpillStore} of {@link #SPILL_STORE_CAPACITY} messages (the
 * in-memory test double in {@code queues}' main code) with the default fallback, FAIL_FAST: once a message is spilled,
 * later offers go to the store behind it until the consumer has drained it, so with the producer flat out the store
 * stays full, memory stays empty (accepted and depth near 0, {@code spillDepthMean} near the store's capacity) and the
 * excess is rejected. The in-memory depth otherwise moves between the water marks (unwritable at high = capacity,
 * writable again at low = capacity / 2); its sampled mean leans towards the high mark when the consumer is descheduled
 * often, since the producer samples while it runs.
 * <p>
 * Check: at the end of the trial the producer stops, the consumer drains the channel (and the store), and the
 * channel's counters must be conserved ({@code offered = delivered + droppedNewest + droppedOldest + spilledPending +
 * rejected + timedOut + inFlight}, with nothing in flight or pending), must agree with the producer's own count of
 * every outcome, and every message taken ({@code accepted + spilled}) must have been delivered or counted as dropped
 * oldest, with the consumer having received exactly {@code delivered} messages: nothing lost. Otherwise the trial
 * throws.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
@Threads(1)
public class SlowConsumer
{
    /**
     * The message: one preallocated object, so nothing is allocated per message.
     */
    static final Integer MESSAGE = 777;

    /**
     * The depth is sampled once every (mask + 1) offers.
     */
    static final int DEPTH_SAMPLE_MASK = 1023;

    /**
     * Messages the SPILL policy's in-memory store holds.
     */
    static final int SPILL_STORE_CAPACITY = 1 << 16;

    /**
     * BLOCK policy: the deadline of one blocked offer.
     */
    static final long BLOCK_TIMEOUT_MS = 100;

    /**
     * Longest wait for the consumer to drain at the end of the trial, and for its thread to stop.
     */
    static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    /**
     * The overflow policy under test (all but SHED, whose sink would be one more consumer).
     */
    @Param({"BLOCK", "DROP_NEWEST", "DROP_OLDEST", "FAIL_FAST", "SPILL"})
    OverflowPolicy policy;

    /**
     * Capacity in messages.
     */
    @Param("1024")
    int capacity;

    /**
     * The consumer's time per message in ns.
     */
    @Param("1000")
    long workNanos;

    ObjectChannel<Integer> channel;
    private InMemorySpillStore<Integer> spillStore;
    private SlowReceiver receiver;
    private long calls;

    private long totalOffered;
    private long totalAccepted;
    private long totalSpilled;
    private long totalDroppedNewest;
    private long totalRejected;
    private long totalTimedOut;

    /**
     * Build the channel and start the consumer.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        final ChannelBuilder<Integer> builder = ChannelBuilder.<Integer>channel("jmh-slow-consumer-" + policy)
            .kind(ChannelKind.OBJECT_SPSC)
            .capacity(capacity)
            .policy(policy);
        if (policy == OverflowPolicy.BLOCK)
        {
            builder.blockTimeout(BLOCK_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
        if (policy == OverflowPolicy.SPILL)
        {
            spillStore = new InMemorySpillStore<>(SPILL_STORE_CAPACITY);
            builder.spillStore(spillStore);
        }
        channel = builder.buildObjectChannel();
        receiver = new SlowReceiver(channel, workNanos);
        receiver.start();
    }

    /**
     * One offer, counted by outcome; every 1024th call also samples the depth.
     *
     * @param rates of the producer and the consumer.
     * @param depth samples of the channel's depth.
     * @return the offer's result code.
     */
    @Benchmark
    public int offer(final SlowConsumerRates rates, final SlowConsumerDepth depth)
    {
        final int result = channel.offer(MESSAGE);
        rates.count(result);
        if ((++calls & DEPTH_SAMPLE_MASK) == 0)
        {
            depth.sample(channel.depth(), null == spillStore ? 0 : spillStore.size());
        }
        return result;
    }

    void addProducerTotals(
        final long offered,
        final long accepted,
        final long spilled,
        final long droppedNewest,
        final long rejected,
        final long timedOut)
    {
        totalOffered += offered;
        totalAccepted += accepted;
        totalSpilled += spilled;
        totalDroppedNewest += droppedNewest;
        totalRejected += rejected;
        totalTimedOut += timedOut;
    }

    /**
     * Let the consumer drain everything, stop it, and check that the channel's counters are conserved, agree with
     * the producer's counts, and that nothing was lost.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        final ChannelCounters counters = new ChannelCounters();
        final long deadline = System.nanoTime() + TIMEOUT_NS;
        while (channel.counters(counters).depth() != 0 || counters.spilledPending() != 0)
        {
            receiver.checkAlive(deadline, "the consumer to drain the channel");
            Thread.onSpinWait();
        }
        receiver.stop(TIMEOUT_NS);
        channel.counters(counters);

        final StringBuilder errors = new StringBuilder();
        if (!counters.isConserved())
        {
            errors.append(" counters not conserved;");
        }
        if (counters.depth() != 0 || counters.inFlight() != 0 || counters.spilledPending() != 0)
        {
            errors.append(" messages left in the channel after the drain;");
        }
        if (counters.offered() != totalOffered || counters.accepted() != totalAccepted ||
            counters.spilled() != totalSpilled || counters.droppedNewest() != totalDroppedNewest ||
            counters.rejected() != totalRejected || counters.timedOut() != totalTimedOut)
        {
            errors.append(" the producer counted offered=").append(totalOffered)
                .append(" accepted=").append(totalAccepted)
                .append(" spilled=").append(totalSpilled)
                .append(" droppedNewest=").append(totalDroppedNewest)
                .append(" rejected=").append(totalRejected)
                .append(" timedOut=").append(totalTimedOut).append(';');
        }
        if (counters.accepted() + counters.spilled() != counters.delivered() + counters.droppedOldest())
        {
            errors.append(" lost: accepted + spilled != delivered + droppedOldest;");
        }
        if (receiver.received() != counters.delivered())
        {
            errors.append(" the consumer received ").append(receiver.received()).append(';');
        }
        if (policy != OverflowPolicy.DROP_OLDEST && counters.droppedOldest() != 0 ||
            policy != OverflowPolicy.SPILL && counters.spilled() != 0)
        {
            errors.append(" outcome foreign to the policy;");
        }
        if (errors.length() > 0)
        {
            throw new IllegalStateException("channel " + channel.name() + ":" + errors + " counters: " + counters);
        }
    }

    /**
     * The consumer: polls, then busy-spins {@code workNanos} per message; counts what it received.
     */
    static final class SlowReceiver extends SpinAgent
    {
        private final ObjectChannel<Integer> channel;
        private final long workNanos;
        private long received;

        SlowReceiver(final ObjectChannel<Integer> channel, final long workNanos)
        {
            super("slow-consumer");
            this.channel = channel;
            this.workNanos = workNanos;
        }

        @Override
        protected boolean doWork()
        {
            final Integer message = channel.poll();
            if (null == message)
            {
                return false;
            }
            final long end = System.nanoTime() + workNanos;
            while (System.nanoTime() - end < 0)
            {
                // the work: a busy spin for workNanos
            }
            received++;
            return true;
        }

        /**
         * Messages received; read only after {@link #stop(long)}, which joins the thread.
         */
        long received()
        {
            return received;
        }
    }
}
