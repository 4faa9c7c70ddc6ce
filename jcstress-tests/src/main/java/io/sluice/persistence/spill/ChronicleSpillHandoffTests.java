package io.sluice.persistence.spill;

import io.sluice.queues.channel.ChannelKind;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIL_Result;

/**
 * SPILL handoff over a real Chronicle queue: the producer switches between memory and the spill store while the
 * consumer drains memory and then the store in bursts of two. A channel of one message spills from the second
 * message on, so memory and the Chronicle queue trade places many times per race. Three channels per state: object
 * SPSC, object MPSC (the consumer actor is also the second producer, interleaving offers with its bursts) and binary
 * SPSC (offer and claim/commit by turns), each over its own {@link ChronicleSpillStore} or
 * {@link ChronicleBinarySpillStore} leased from {@link SpillStores}.
 * <p>
 * The arbiter closes each channel and drains the rest, then checks: delivery order equals offer order per producer;
 * nothing lost or duplicated; every offer ACCEPTED or SPILLED; the counters agree with the logs and conserve
 * ({@code ChannelCounters.isConserved()}, nothing in flight or spill-pending); the store's
 * {@code pendingMessages()} is 0 and it appended exactly the spilled messages.
 * <p>
 * Result: r1 on how many channels something was spilled; r2 on how many the consumer actor took a spilled message
 * back from the Chronicle queue while a producer was still offering (the handoff under race); r3 the verdict.
 */
@Outcome(id = "0, 0, OK", expect = Expect.ACCEPTABLE,
    desc = "The consumer kept up and nothing was spilled; all delivered in order.")
@Outcome(id = "[1-3], 0, OK", expect = Expect.ACCEPTABLE,
    desc = "Messages went through the Chronicle queue and came back after the producers were done, in per-producer " +
    "offer order, none lost; the store is empty.")
@Outcome(id = "[1-3], [1-3], OK", expect = Expect.ACCEPTABLE_INTERESTING,
    desc = "The consumer drained spilled messages back from the Chronicle queue while a producer was still switching " +
    "between memory and the queue; per-producer offer order kept, none lost, the store is empty.")
@Outcome(expect = Expect.FORBIDDEN,
    desc = "A message reordered across the memory/Chronicle handoff, lost, duplicated or torn, a conservation " +
    "failure, or messages left in the store; the verdict names the kind, the check, the delivered ids (d=), the " +
    "offer results (rN=, S = spilled), the counters and the store's pending count.")
public final class ChronicleSpillHandoffTests
{
    static final int SPSC_MESSAGES = 8;
    static final int MPSC_MESSAGES = 5;

    private ChronicleSpillHandoffTests()
    {
    }

    static HandoffRig[] rigs()
    {
        return new HandoffRig[]
        {
            ObjectHandoffRig.create(ChannelKind.OBJECT_SPSC),
            ObjectHandoffRig.create(ChannelKind.OBJECT_MPSC),
            BinaryHandoffRig.create(ChannelKind.BINARY_SPSC),
        };
    }

    static void produce(final HandoffRig[] rigs)
    {
        for (final HandoffRig rig : rigs)
        {
            rig.produce(0, rig.producers > 1 ? MPSC_MESSAGES : SPSC_MESSAGES);
        }
    }

    static void consume(final HandoffRig[] rigs)
    {
        for (final HandoffRig rig : rigs)
        {
            if (rig.producers > 1)
            {
                for (int i = 0; i < MPSC_MESSAGES; i++)
                {
                    rig.send(1);
                    rig.receiveBurst();
                }
                rig.done();
            }
            rig.consumeInBursts();
        }
    }

    /**
     * Audit every rig (each gives its store back); r1 and r2 count the rigs that spilled and that drained back while
     * producing, r3 is {@link HandoffRig#OK} or the first failure prefixed with its channel kind.
     */
    static void verdict(final HandoffRig[] rigs, final IIL_Result r)
    {
        String result = HandoffRig.OK;
        int spilled = 0;
        int drainedBack = 0;
        for (final HandoffRig rig : rigs)
        {
            final String audit = rig.audit();
            if (!HandoffRig.OK.equals(audit) && HandoffRig.OK.equals(result))
            {
                result = rig.label + ": " + audit;
            }
            spilled += rig.spilled() ? 1 : 0;
            drainedBack += rig.drainedBackWhileProducing() ? 1 : 0;
        }
        r.r1 = spilled;
        r.r2 = drainedBack;
        r.r3 = result;
    }

    @JCStressTest
    @JCStressMeta(ChronicleSpillHandoffTests.class)
    @State
    public static class AllKinds
    {
        final HandoffRig[] rigs = rigs();

        @Actor
        public void producer()
        {
            produce(rigs);
        }

        @Actor
        public void consumer()
        {
            consume(rigs);
        }

        @Arbiter
        public void arbiter(final IIL_Result r)
        {
            verdict(rigs, r);
        }
    }
}
