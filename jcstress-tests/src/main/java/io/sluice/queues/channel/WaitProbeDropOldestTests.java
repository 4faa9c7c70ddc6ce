package io.sluice.queues.channel;

import io.sluice.queues.overflow.OverflowPolicy;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IL_Result;

/**
 * The wait probe under DROP_OLDEST, where the producer evicts queued messages while the consumer takes them: the
 * object SPSC channel (an SPMC queue) and the binary SPSC slot pool ({@link SlotBinaryChannel}), every message
 * sampled on an {@link ActorClock}, capacity 2, 12 messages offered once each with {@code offer} (and, binary,
 * {@code claim}/{@code commit}).
 * <p>
 * An eviction refunds its reservation, and the consumer finds the reservation of the message it took as
 * {@code delivered + refunds}, reading the refunds after the take. {@code ChannelBuilder.waitTimeSampling} documents
 * the sample under evictions as approximate: the age of a sampled message within one interval of the one taken,
 * older or younger. Two races move the count: an eviction counted (droppedOldest) only after the consumer read the
 * refunds gives a count one below the taken message's, the age of an older message; an eviction made after the take
 * gives a count above it, the age of a <i>younger</i> message, below the taken message's real wait. Neither is a torn
 * or invented value: every sample must be the stamp of a reservation the producer made.
 * <p>
 * Result: bit 0 set if some sample was an older message's age, bit 1 if some was a younger message's; and "OK" or the
 * first failed check with a trace.
 */
@Outcome(id = "0, OK", expect = Expect.ACCEPTABLE,
    desc = "Every sample was exactly the age of the message taken with it.")
@Outcome(id = "1, OK", expect = Expect.ACCEPTABLE,
    desc = "Some sample was the age of an older message (an eviction counted after the consumer read the refunds): " +
    "approximate, as ChannelBuilder.waitTimeSampling documents.")
@Outcome(id = {"2, OK", "3, OK"}, expect = Expect.ACCEPTABLE,
    desc = "Some sample was the age of a younger message (the producer evicted after the take, so delivered + " +
    "refunds ran past the taken message): approximate, below the real wait, as ChannelBuilder.waitTimeSampling " +
    "documents.")
@Outcome(expect = Expect.FORBIDDEN,
    desc = "A sample that is no reservation's stamp (the initial -1 shows as 1000001, a dropped-newest message's " +
    "id never stamps), more samples than deliveries, or a lost or duplicated message.")
public final class WaitProbeDropOldestTests
{
    static final int MESSAGES = 12;

    private WaitProbeDropOldestTests()
    {
    }

    @JCStressTest
    @JCStressMeta(WaitProbeDropOldestTests.class)
    @State
    public static class ObjectSpsc
    {
        final ProbeRig rig = new ProbeRig(ChannelKind.OBJECT_SPSC, OverflowPolicy.DROP_OLDEST, 1, MESSAGES);

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
            rig.verdictDropOldest(r);
        }
    }

    @JCStressTest
    @JCStressMeta(WaitProbeDropOldestTests.class)
    @State
    public static class BinarySlots
    {
        final ProbeRig rig = new ProbeRig(ChannelKind.BINARY_SPSC, OverflowPolicy.DROP_OLDEST, 1, MESSAGES);

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
            rig.verdictDropOldest(r);
        }
    }
}
