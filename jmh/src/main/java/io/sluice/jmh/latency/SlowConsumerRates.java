package io.sluice.jmh.latency;

import io.sluice.queues.channel.ChannelCounters;
import io.sluice.queues.channel.OfferResult;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The slow-consumer producer's outcomes and the consumer's deliveries, reported by JMH as rates (messages per second
 * of the iteration; {@code AuxCounters.Type.OPERATIONS}, averaged over iterations in the summary).
 * <p>
 * The producer's outcomes are counted by the producer from the offer's return code; {@link #delivered} and
 * {@link #droppedOldest} are the differences of the channel's own counters between the iteration's set-up and its
 * tear-down (read from the benchmark thread, which the counters allow). The iteration's totals are also added to the
 * trial totals of {@link SlowConsumer}, which checks them against the channel's counters at the end of the trial.
 */
@AuxCounters(AuxCounters.Type.OPERATIONS)
@State(Scope.Thread)
public class SlowConsumerRates
{
    /**
     * Offers made ({@code offer} calls), whatever their outcome.
     */
    public long offered;

    /**
     * Offers accepted into memory: {@code ACCEPTED} and {@code ACCEPTED_DROPPED_OLDEST}.
     */
    public long accepted;

    /**
     * Offers appended to the spill store ({@code SPILLED}); SPILL only.
     */
    public long spilled;

    /**
     * Offers dropped as newest ({@code DROPPED_NEWEST}).
     */
    public long droppedNewest;

    /**
     * Queued messages dropped to make room ({@code droppedOldest} of the channel's counters); DROP_OLDEST only.
     */
    public long droppedOldest;

    /**
     * Offers refused ({@code REJECTED}): FAIL_FAST, or SPILL when the store is full.
     */
    public long rejected;

    /**
     * Blocking offers whose deadline passed ({@code TIMED_OUT}); BLOCK only, and 0 unless the consumer stalled.
     */
    public long timedOut;

    /**
     * Messages delivered to the consumer (the channel's {@code delivered} counter).
     */
    public long delivered;

    private final ChannelCounters start = new ChannelCounters();
    private final ChannelCounters end = new ChannelCounters();
    private SlowConsumer benchmark;

    /**
     * Clear the counts and take the channel's counters at the start of the iteration.
     *
     * @param benchmark whose channel is measured.
     */
    @Setup(Level.Iteration)
    public void begin(final SlowConsumer benchmark)
    {
        this.benchmark = benchmark;
        offered = 0;
        accepted = 0;
        spilled = 0;
        droppedNewest = 0;
        droppedOldest = 0;
        rejected = 0;
        timedOut = 0;
        delivered = 0;
        benchmark.channel.counters(start);
    }

    /**
     * Count one offer's outcome.
     *
     * @param result the offer's return code.
     */
    void count(final int result)
    {
        offered++;
        switch (result)
        {
            case OfferResult.ACCEPTED:
            case OfferResult.ACCEPTED_DROPPED_OLDEST:
                accepted++;
                break;
            case OfferResult.SPILLED:
                spilled++;
                break;
            case OfferResult.DROPPED_NEWEST:
                droppedNewest++;
                break;
            case OfferResult.REJECTED:
                rejected++;
                break;
            case OfferResult.TIMED_OUT:
                timedOut++;
                break;
            default:
                throw new IllegalStateException("unexpected offer result " + OfferResult.toString(result));
        }
    }

    /**
     * Take the channel's counters at the end of the iteration and add the iteration to the trial totals.
     */
    @TearDown(Level.Iteration)
    public void end()
    {
        benchmark.channel.counters(end);
        delivered = end.delivered() - start.delivered();
        droppedOldest = end.droppedOldest() - start.droppedOldest();
        benchmark.addProducerTotals(offered, accepted, spilled, droppedNewest, rejected, timedOut);
    }
}
