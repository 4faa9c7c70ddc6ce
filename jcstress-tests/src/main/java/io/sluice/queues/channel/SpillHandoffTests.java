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
 * SPILL handoff: producers switch to the spill store and back while the consumer drains memory and then the store,
 * in bursts of two with {@code drain}. A channel of one message (capacity 1, high water mark 1, low water mark 0)
 * spills from the second message on, so memory and the store trade places many times per run. Delivery order must
 * stay offer order per producer and nothing may be lost; the spill store (16) never refuses. One channel per kind;
 * in MPSC channels the consumer actor is also the second producer ({@link SpillHandoffThreeActorTests} has two
 * producers and a separate consumer).
 * <p>
 * Result: on how many channels something was spilled, and the verdict.
 */
@Outcome(id = "0, OK", expect = Expect.ACCEPTABLE,
    desc = "The consumer kept up and nothing was spilled; all delivered in order.")
@Outcome(id = "[1-9], OK", expect = Expect.ACCEPTABLE,
    desc = "On that many channels messages went through the spill store and came back in per-producer offer " +
    "order, none lost.")
@Outcome(expect = Expect.FORBIDDEN,
    desc = "A message reordered across the memory/spill handoff, lost, duplicated, or a conservation failure; the " +
    "verdict names the kind, the check, the delivered ids (d=), the offer results (rN=, S = spilled), the counters.")
public final class SpillHandoffTests
{
    static final int SPSC_MESSAGES = 8;
    static final int MPSC_MESSAGES = 5;
    static final int BURST = 2;

    private SpillHandoffTests()
    {
    }

    static Spec spec(final ChannelKind kind)
    {
        return Spec.of(kind, OverflowPolicy.SPILL).marks(1, 1, 0).producers(kind.isMultiProducer() ? 2 : 1);
    }

    static Scenario[] twoActors()
    {
        final ChannelKind[] kinds = ChannelKind.values();
        final Scenario[] scenarios = new Scenario[kinds.length];
        for (int i = 0; i < kinds.length; i++)
        {
            scenarios[i] = kinds[i].isMultiProducer() ?
                new Scenario(spec(kinds[i]), rig -> rig.produce(0, MPSC_MESSAGES),
                    SpillHandoffTests::produceAndConsume, SpillHandoffTests::spilled) :
                new Scenario(spec(kinds[i]), rig -> rig.produce(0, SPSC_MESSAGES),
                    rig -> rig.consumeInBursts(BURST), SpillHandoffTests::spilled);
        }
        return scenarios;
    }

    static Scenario[] threeActors()
    {
        final ChannelKind[] kinds = {ChannelKind.OBJECT_MPSC, ChannelKind.BINARY_MPSC};
        final Scenario[] scenarios = new Scenario[kinds.length];
        for (int i = 0; i < kinds.length; i++)
        {
            scenarios[i] = new Scenario(spec(kinds[i]), rig -> rig.produce(0, MPSC_MESSAGES),
                rig -> rig.produce(1, MPSC_MESSAGES), rig -> rig.consumeInBursts(BURST), SpillHandoffTests::spilled,
                Rig::audit);
        }
        return scenarios;
    }

    static void produceAndConsume(final Rig rig)
    {
        for (int i = 0; i < MPSC_MESSAGES; i++)
        {
            rig.send(1);
            rig.receiveBurst(BURST);
        }
        rig.done();
        rig.consumeInBursts(BURST);
    }

    static boolean spilled(final Rig rig)
    {
        return rig.count(OfferResult.SPILLED) > 0;
    }

    @JCStressTest
    @JCStressMeta(SpillHandoffTests.class)
    @State
    public static class AllKinds
    {
        final Scenario[] scenarios = twoActors();

        @Actor
        public void producer()
        {
            Scenario.playFirst(scenarios);
        }

        @Actor
        public void consumer()
        {
            Scenario.playSecond(scenarios);
        }

        @Arbiter
        public void arbiter(final IL_Result r)
        {
            Scenario.verdict(scenarios, r);
        }
    }
}
