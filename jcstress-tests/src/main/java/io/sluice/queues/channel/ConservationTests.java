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
 * No loss, no duplicate, FIFO per producer, and counters that add up, for every channel kind under every overflow
 * policy. Two tests, {@link Spsc} and {@link Mpsc}; each state holds twelve channels, one per kind and policy, each
 * small enough (capacity 2, high water mark 2, low water mark 1) that the policy applies inside the race: BLOCK
 * waits up to 50 us, DROP_OLDEST evicts, SHED goes to a sink that refuses every third message, SPILL to a store of 4
 * (object kinds) that sometimes refuses too. Binary producers alternate offer and claim/commit. The consumer polls
 * one message at a time.
 * <p>
 * SPSC kinds: a producer actor and a consumer actor. MPSC kinds: a producer actor and an actor that produces and
 * polls by turns, then drains (two actors, so the tests run on two CPUs; {@link ConservationThreeActorTests} has two
 * producers and a separate consumer). The arbiter closes each channel, drains it to end of stream and audits the
 * logs against the counters ({@link Rig#audit()}).
 * <p>
 * Result: how many of the twelve channels turned unwritable in the race, and "OK" or the first failed check.
 */
@Outcome(id = "0, OK", expect = Expect.ACCEPTABLE,
    desc = "The consumer kept every channel writable; every message delivered once, in per-producer order.")
@Outcome(id = "[1-9][0-9]*, OK", expect = Expect.ACCEPTABLE,
    desc = "That many channels turned unwritable and applied their policy; every message is delivered once, in " +
    "per-producer order, or accounted as refused; the counters agree with the offer results.")
@Outcome(expect = Expect.FORBIDDEN,
    desc = "Lost, duplicated, reordered or wrongly delivered message, or counters that do not add up: the verdict " +
    "names kind/policy and check, then the delivered ids (d=), each producer's offer results (rN=), the counters.")
public final class ConservationTests
{
    static final int SPSC_MESSAGES = 6;
    static final int MPSC_MESSAGES = 4;

    private ConservationTests()
    {
    }

    static Spec spec(final ChannelKind kind, final OverflowPolicy policy)
    {
        return Spec.of(kind, policy)
            .marks(2, 2, 1)
            .spillCapacity(4)
            .shedRefuseEvery(3)
            .producers(kind.isMultiProducer() ? 2 : 1);
    }

    /**
     * One scenario per kind and policy: SPSC producer and consumer, or MPSC producer and producer-consumer.
     */
    static Scenario[] twoActors(final ChannelKind... kinds)
    {
        final OverflowPolicy[] policies = OverflowPolicy.values();
        final Scenario[] scenarios = new Scenario[kinds.length * policies.length];
        int i = 0;
        for (final ChannelKind kind : kinds)
        {
            for (final OverflowPolicy policy : policies)
            {
                scenarios[i++] = kind.isMultiProducer() ?
                    new Scenario(spec(kind, policy), ConservationTests::produceMpsc,
                        ConservationTests::produceAndConsume, Rig::turnedUnwritable) :
                    new Scenario(spec(kind, policy), ConservationTests::produceSpsc, Rig::consume,
                        Rig::turnedUnwritable);
            }
        }
        return scenarios;
    }

    /**
     * One MPSC scenario per kind and policy: two producers and a consumer.
     */
    static Scenario[] threeActors(final ChannelKind... kinds)
    {
        final OverflowPolicy[] policies = OverflowPolicy.values();
        final Scenario[] scenarios = new Scenario[kinds.length * policies.length];
        int i = 0;
        for (final ChannelKind kind : kinds)
        {
            for (final OverflowPolicy policy : policies)
            {
                scenarios[i++] = new Scenario(spec(kind, policy), ConservationTests::produceMpsc,
                    rig -> rig.produce(1, MPSC_MESSAGES), Rig::consume, Rig::turnedUnwritable, Rig::audit);
            }
        }
        return scenarios;
    }

    static void produceSpsc(final Rig rig)
    {
        rig.produce(0, SPSC_MESSAGES);
    }

    static void produceMpsc(final Rig rig)
    {
        rig.produce(0, MPSC_MESSAGES);
    }

    /**
     * The second producer of the two-actor MPSC scenarios: offer one, poll one, then drain until both are done.
     */
    static void produceAndConsume(final Rig rig)
    {
        for (int i = 0; i < MPSC_MESSAGES; i++)
        {
            rig.send(1);
            rig.receive();
        }
        rig.done();
        rig.consume();
    }

    @JCStressTest
    @JCStressMeta(ConservationTests.class)
    @State
    public static class Spsc
    {
        final Scenario[] scenarios = twoActors(ChannelKind.OBJECT_SPSC, ChannelKind.BINARY_SPSC);

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

    @JCStressTest
    @JCStressMeta(ConservationTests.class)
    @State
    public static class Mpsc
    {
        final Scenario[] scenarios = twoActors(ChannelKind.OBJECT_MPSC, ChannelKind.BINARY_MPSC);

        @Actor
        public void producer()
        {
            Scenario.playFirst(scenarios);
        }

        @Actor
        public void producerAndConsumer()
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
