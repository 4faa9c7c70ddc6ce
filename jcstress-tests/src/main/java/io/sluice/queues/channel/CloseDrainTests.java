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
 * Close racing drain: everything on its way before the close is delivered before end of stream. Producers offer and
 * close; the consumer polls until {@code isEndOfStream()} (a bounded wait); every message whose offer returned an
 * "on its way" code ({@link OfferResult#isOnItsWay(int)}: accepted or spilled, and not evicted later under
 * DROP_OLDEST) must be delivered before the consumer sees end of stream, and nothing after it. Once an offer returned
 * CLOSED every later offer of that producer must too. Channels: capacity 2, high water mark 2, low water mark 1.
 * <p>
 * SPSC channels (DROP_OLDEST and SPILL, both kinds): the producer actor offers five messages then closes, the
 * consumer actor polls to end of stream. MPSC channels: the producer actor offers five messages while the consumer
 * actor, as the second producer, sends two, closes, and then consumes to end of stream; BLOCK (a producer blocked
 * on the full channel must come back with CLOSED or TIMED_OUT), DROP_OLDEST and SPILL, both MPSC kinds. Under
 * DROP_OLDEST the closer sends nothing, so the offering producer is the only one that evicts, and an offer that
 * returns CLOSED must not have evicted a message on its way ({@link Rig#sendCountingEvictions(int)}):
 * {@link Channel#close()} promises the consumer everything accepted.
 * <p>
 * Result: on how many channels the consumer saw end of stream within its wait, and the verdict.
 */
@Outcome(id = "[0-9]+, OK", expect = Expect.ACCEPTABLE,
    desc = "On that many channels the consumer saw end of stream after every message on its way was delivered " +
    "(on the others it gave up waiting for the close and the arbiter drained the rest); all accounted.")
@Outcome(expect = Expect.FORBIDDEN,
    desc = "A message on its way lost or delivered after end of stream, an offer taken after CLOSED, an offer " +
    "refused with CLOSED that evicted a message, or a conservation failure; the verdict names kind/policy, the " +
    "check and the run (d=: '#' marks where the consumer saw end of stream, '|' where the arbiter took over).")
public final class CloseDrainTests
{
    static final int MESSAGES = 5;
    static final int CLOSER_MESSAGES = 2;
    static final int MAX_POLLS = 20_000;

    private CloseDrainTests()
    {
    }

    static Spec spec(final ChannelKind kind, final OverflowPolicy policy)
    {
        return Spec.of(kind, policy).marks(2, 2, 1).producers(kind.isMultiProducer() ? 2 : 1);
    }

    /**
     * The SPSC scenarios, then the two-actor MPSC ones.
     */
    static Scenario[] allKinds()
    {
        final Scenario[] mpsc = mpscScenarios(false);
        final Scenario[] scenarios = new Scenario[4 + mpsc.length];
        scenarios[0] = spsc(ChannelKind.OBJECT_SPSC, OverflowPolicy.DROP_OLDEST);
        scenarios[1] = spsc(ChannelKind.OBJECT_SPSC, OverflowPolicy.SPILL);
        scenarios[2] = spsc(ChannelKind.BINARY_SPSC, OverflowPolicy.DROP_OLDEST);
        scenarios[3] = spsc(ChannelKind.BINARY_SPSC, OverflowPolicy.SPILL);
        System.arraycopy(mpsc, 0, scenarios, 4, mpsc.length);
        return scenarios;
    }

    static Scenario spsc(final ChannelKind kind, final OverflowPolicy policy)
    {
        return new Scenario(spec(kind, policy), CloseDrainTests::produceThenClose,
            CloseDrainTests::consumeToEndOfStream, Rig::sawEndOfStream);
    }

    static Scenario[] mpscScenarios(final boolean threeActors)
    {
        final OverflowPolicy[] policies = {OverflowPolicy.BLOCK, OverflowPolicy.DROP_OLDEST, OverflowPolicy.SPILL};
        final ChannelKind[] kinds = {ChannelKind.OBJECT_MPSC, ChannelKind.BINARY_MPSC};
        final Scenario[] scenarios = new Scenario[policies.length * kinds.length];
        int i = 0;
        for (final ChannelKind kind : kinds)
        {
            for (final OverflowPolicy policy : policies)
            {
                scenarios[i++] = threeActors ?
                    new Scenario(spec(kind, policy), CloseDrainTests::produceWhileClosing,
                        CloseDrainTests::sendThenClose, CloseDrainTests::consumeToEndOfStream, Rig::sawEndOfStream,
                        Rig::audit) :
                    new Scenario(spec(kind, policy), CloseDrainTests::produceWhileClosing,
                        CloseDrainTests::closeThenConsume, Rig::sawEndOfStream);
            }
        }
        return scenarios;
    }

    static void produceThenClose(final Rig rig)
    {
        for (int i = 0; i < MESSAGES; i++)
        {
            rig.send(0);
        }
        rig.channel.close();
    }

    static void consumeToEndOfStream(final Rig rig)
    {
        rig.consumeToEndOfStream(MAX_POLLS);
    }

    /**
     * The MPSC producer that does not close.
     */
    static void produceWhileClosing(final Rig rig)
    {
        for (int i = 0; i < MESSAGES; i++)
        {
            rig.sendCountingEvictions(0);
        }
    }

    /**
     * The MPSC producer that closes: two messages first, none under DROP_OLDEST (see the class comment).
     */
    static void sendThenClose(final Rig rig)
    {
        final int messages = rig.spec.policy == OverflowPolicy.DROP_OLDEST ? 0 : CLOSER_MESSAGES;
        for (int i = 0; i < messages; i++)
        {
            rig.send(1);
        }
        rig.channel.close();
    }

    static void closeThenConsume(final Rig rig)
    {
        sendThenClose(rig);
        consumeToEndOfStream(rig);
    }

    @JCStressTest
    @JCStressMeta(CloseDrainTests.class)
    @State
    public static class AllKinds
    {
        final Scenario[] scenarios = allKinds();

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
