package io.sluice.queues.channel;

import io.sluice.queues.overflow.OverflowPolicy;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IL_Result;

/**
 * The wait probe under FAIL_FAST: producers stamp (reservation count, time) into the probe ring while the consumer
 * samples it, every message sampled (interval 1), capacity 2 (8 probe slots, reused within a state: SPSC states move
 * 12 messages, MPSC states 16). The clock tells the threads apart ({@link ActorClock}): a producer's stamp reads the
 * id of the message it reserves for, the consumer reads {@code 1_000_000}, so a sample names the stamp it used and the
 * slot's initial -1, a stale stamp or a time torn from another reservation's shows as a wrong value.
 * <ul>
 *     <li>{@link ObjectSpsc}, {@link BinarySpsc} (ring buffer): a producer and a consumer. One producer reserves in
 *     queue order, so every delivery must be sampled, with exactly its own message's age.</li>
 *     <li>{@link ObjectMpsc}, {@link BinaryMpsc}: two producers, the second on the consumer's actor (two actors, so
 *     the tests run on two CPUs; {@link WaitProbeThreeActorTests} has a separate consumer). The queue's order is not
 *     the reservation order, so the consumer may read the stamp of a reservation other than the message it took, or
 *     find it not yet written (no sample); every sample must still be an exact stamp of the reservation the consumer
 *     computed, consistent with one interleaving of the producers' reservations ({@link ProbeRig#verdictConsistent}).
 *     </li>
 * </ul>
 * Result: deliveries that were not sampled, and "OK" or the first failed check with a trace (d= deliveries, s= each
 * sample as the stamp it read @ the delivery it was taken at, rN= producer N's offer results).
 */
public final class WaitProbeTests
{
    static final int SPSC_MESSAGES = 12;
    static final int MPSC_MESSAGES = 8;

    private WaitProbeTests()
    {
    }

    @JCStressTest
    @Outcome(id = "0, OK", expect = Expect.ACCEPTABLE,
        desc = "Every delivery sampled with exactly its own message's age (producer clock = message id, consumer " +
        "clock = 1000000); probe slots reused within the run.")
    @Outcome(expect = Expect.FORBIDDEN,
        desc = "A delivery without a sample, or a sample that is not its message's exact age: the initial -1 " +
        "(1000001), a stale stamp from the slot's previous use, a torn time; or a lost/duplicated message.")
    @State
    public static class ObjectSpsc
    {
        final ProbeRig rig = new ProbeRig(ChannelKind.OBJECT_SPSC, OverflowPolicy.FAIL_FAST, 1, SPSC_MESSAGES);

        @Actor
        public void producer()
        {
            rig.produce(0, 0);
        }

        @Actor
        public void consumer()
        {
            rig.consume(1);
        }

        @Arbiter
        public void arbiter(final IL_Result r)
        {
            rig.verdictExact(r);
        }
    }

    @JCStressTest
    @Outcome(id = "0, OK", expect = Expect.ACCEPTABLE,
        desc = "Every delivery sampled with exactly its own message's age; offer, claim/commit, tryOffer and " +
        "tryClaim/commit all stamped; probe slots reused within the run.")
    @Outcome(expect = Expect.FORBIDDEN,
        desc = "A delivery without a sample, or a sample that is not its message's exact age: the initial -1 " +
        "(1000001), a stale stamp, a torn time; or a lost, duplicated or torn message.")
    @State
    public static class BinarySpsc
    {
        final ProbeRig rig = new ProbeRig(ChannelKind.BINARY_SPSC, OverflowPolicy.FAIL_FAST, 1, SPSC_MESSAGES);

        @Actor
        public void producer()
        {
            rig.produce(0, 0);
        }

        @Actor
        public void consumer()
        {
            rig.consume(1);
        }

        @Arbiter
        public void arbiter(final IL_Result r)
        {
            rig.verdictExact(r);
        }
    }

    @JCStressTest
    @Outcome(id = "0, OK", expect = Expect.ACCEPTABLE,
        desc = "Every delivery sampled; each sample the exact stamp of the reservation the consumer computed.")
    @Outcome(id = "[1-9][0-9]*, OK", expect = Expect.ACCEPTABLE,
        desc = "That many deliveries had no sample: the consumer took a message reserved later than the count it " +
        "sampled, whose producer had not stamped yet (or the slot was restamped). Every sample taken was exact.")
    @Outcome(expect = Expect.FORBIDDEN,
        desc = "A sample that is no reservation's stamp (the initial -1 shows as 1000001), or one that cannot be " +
        "the stamp of the reservation at its delivery's count, or more samples than deliveries, or a lost message.")
    @State
    public static class ObjectMpsc
    {
        final ProbeRig rig = new ProbeRig(ChannelKind.OBJECT_MPSC, OverflowPolicy.FAIL_FAST, 2, MPSC_MESSAGES);

        @Actor
        public void producer()
        {
            rig.produce(0, 0);
        }

        @Actor
        public void producerAndConsumer()
        {
            rig.produceAndConsume(1, 1);
        }

        @Arbiter
        public void arbiter(final IL_Result r)
        {
            rig.verdictConsistent(r);
        }
    }

    @JCStressTest
    @Outcome(id = "0, OK", expect = Expect.ACCEPTABLE,
        desc = "Every delivery sampled; each sample the exact stamp of the reservation the consumer computed.")
    @Outcome(id = "[1-9][0-9]*, OK", expect = Expect.ACCEPTABLE,
        desc = "That many deliveries had no sample: the consumer took a message reserved later than the count it " +
        "sampled, whose producer had not stamped yet (or the slot was restamped). Every sample taken was exact.")
    @Outcome(expect = Expect.FORBIDDEN,
        desc = "A sample that is no reservation's stamp (the initial -1 shows as 1000001), or one that cannot be " +
        "the stamp of the reservation at its delivery's count, or more samples than deliveries, or a lost message.")
    @State
    public static class BinaryMpsc
    {
        final ProbeRig rig = new ProbeRig(ChannelKind.BINARY_MPSC, OverflowPolicy.FAIL_FAST, 2, MPSC_MESSAGES);

        @Actor
        public void producer()
        {
            rig.produce(0, 0);
        }

        @Actor
        public void producerAndConsumer()
        {
            rig.produceAndConsume(1, 1);
        }

        @Arbiter
        public void arbiter(final IL_Result r)
        {
            rig.verdictConsistent(r);
        }
    }
}
