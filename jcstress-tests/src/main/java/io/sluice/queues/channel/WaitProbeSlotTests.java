package io.sluice.queues.channel;

import io.sluice.queues.overflow.OverflowPolicy;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;

/**
 * One probe slot raced directly through {@code AbstractChannel.stampWait} and {@code sampleWait}, without the
 * reservations around them: reservation counts 0 and S (S = the ring's slot count, 8 here) share slot 0. Stamps read
 * 111 or 222 on the clock ({@link ActorClock}), the sampler reads 1000000, so a sample of 999889 used the time of a
 * stamp that read 111 and 999778 one that read 222; -1 means no sample was recorded.
 * <ul>
 *     <li>{@link OneWriter}: the seqlock as the channel uses it in SPSC kinds: one producer stamps count 0 (111),
 *     then count S (222), over the same slot, while the consumer samples count 0 and then count S. A sample may be
 *     skipped while the slot is being written, but never combine one stamp's tag with another's time.</li>
 *     <li>{@link TwoWriters}: two producers stamp the same slot at once, count 0 (111) and count S (222), as in an
 *     MPSC channel whose producer is descheduled between its reservation (CAS on the sent word) and its stamp while
 *     the other producers and the consumer move the count S further on (the ring's margin bounds how far the consumer
 *     lags, not how far a producer that has reserved but not stamped lags). The second writer then samples count S;
 *     the arbiter samples it again once both are done. In multi-producer kinds a producer claims the slot with a CAS
 *     from an older tag before it writes, so the stale writer either finishes before the fresh one claims, or gives
 *     up: count S is sampled with its own time or not at all, and never with the stale writer's.</li>
 * </ul>
 */
public final class WaitProbeSlotTests
{
    static final long NONE = -1L;
    static final long FIRST_STAMP = 111L;
    static final long SECOND_STAMP = 222L;

    private WaitProbeSlotTests()
    {
    }

    /**
     * Keeps the last sample of the one thread that samples at a time.
     */
    static final class LastSample implements WaitTimeRecorder
    {
        long value = NONE;

        @Override
        public void recordWaitTime(final long nanos)
        {
            value = nanos;
        }

        long take(final AbstractChannel channel, final long count)
        {
            value = NONE;
            channel.sampleWait(count, 0);
            return value;
        }
    }

    @JCStressTest
    @Outcome(id = {"-1, -1", "999889, -1", "-1, 999778", "999889, 999778"}, expect = Expect.ACCEPTABLE,
        desc = "Each sample is skipped (slot not yet written, being written, or already restamped for the other " +
        "count) or exact: count 0 with the time of its stamp (111), count S with the time of its stamp (222).")
    @Outcome(expect = Expect.FORBIDDEN,
        desc = "A sample with another stamp's time (count 0 with 222, count S with 111) or the slot's initial -1 " +
        "(1000001): the seqlock let a torn or stale pair through.")
    @State
    public static class OneWriter
    {
        final ActorClock clock = new ActorClock();
        final LastSample sample = new LastSample();
        final AbstractChannel channel =
            ProbeRig.builder(ChannelKind.OBJECT_SPSC, OverflowPolicy.FAIL_FAST, clock, sample).buildObjectChannel();
        final long lap = channel.waitSlotMask + 1;

        @Actor
        public void producer()
        {
            clock.bind(0);
            clock.set(0, FIRST_STAMP);
            channel.stampWait(0);
            clock.set(0, SECOND_STAMP);
            channel.stampWait(lap);
        }

        @Actor
        public void consumer(final JJ_Result r)
        {
            r.r1 = sample.take(channel, 0);
            r.r2 = sample.take(channel, lap);
        }
    }

    @JCStressTest
    @Outcome(id = "999778, 999778", expect = Expect.ACCEPTABLE,
        desc = "The fresh writer claimed the slot (before the stale one, or after it finished) and count S is " +
        "sampled with its own stamp's time (222), by the fresh writer and again by the arbiter.")
    @Outcome(id = "-1, -1", expect = Expect.ACCEPTABLE,
        desc = "The fresh writer found the slot being written by the stale one and gave its sample up: a lost " +
        "sample, never a wrong one.")
    @Outcome(expect = Expect.FORBIDDEN,
        desc = "Count S with the stale writer's time (999889), the slot's initial -1 as a time (1000001), or a " +
        "sample that appears or vanishes between the two reads: two writers were in the slot at once.")
    @State
    public static class TwoWriters
    {
        final ActorClock clock = new ActorClock();
        final LastSample sample = new LastSample();
        final AbstractChannel channel =
            ProbeRig.builder(ChannelKind.OBJECT_MPSC, OverflowPolicy.FAIL_FAST, clock, sample).buildObjectChannel();
        final long lap = channel.waitSlotMask + 1;

        @Actor
        public void staleProducer()
        {
            clock.bind(0);
            clock.set(0, FIRST_STAMP);
            channel.stampWait(0);
        }

        @Actor
        public void freshProducerThenConsumer(final JJ_Result r)
        {
            clock.bind(1);
            clock.set(1, SECOND_STAMP);
            channel.stampWait(lap);
            clock.set(1, ActorClock.CONSUMER_NOW);
            r.r1 = sample.take(channel, lap);
        }

        @Arbiter
        public void arbiter(final JJ_Result r)
        {
            clock.consumerEverywhere();
            r.r2 = sample.take(channel, lap);
        }
    }
}
