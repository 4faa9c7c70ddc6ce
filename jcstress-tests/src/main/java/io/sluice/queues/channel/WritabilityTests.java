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
 * Writability is consistent with depth across the hysteresis. One channel per kind (capacity 4, high water mark 3,
 * low water mark 1, FAIL_FAST); producers call {@code isWritable()} before every offer while the consumer polls, and
 * check ({@link Rig#sendWatched(int)}) that
 * <ul>
 *     <li>no offer is accepted with the depth above the high water mark;</li>
 *     <li>once a producer has seen the channel unwritable, its next accept comes only after the depth fell to the
 *     low water mark (the consumer's progress, read after the accept, reached the count seen while unwritable minus
 *     the low water mark);</li>
 *     <li>with one producer, {@code isWritable() == true} means the offer that follows is accepted.</li>
 * </ul>
 * The arbiter then runs the full audit. In MPSC channels the consumer actor is also the second producer.
 * <p>
 * Result: on how many channels a producer saw the UNWRITABLE flag, and the verdict.
 */
@Outcome(id = "0, OK", expect = Expect.ACCEPTABLE,
    desc = "The consumer kept every channel writable; depth never exceeded the high water mark.")
@Outcome(id = "[1-9], OK", expect = Expect.ACCEPTABLE,
    desc = "On that many channels a producer saw the channel unwritable; each was accepted again only after the " +
    "depth fell to the low water mark.")
@Outcome(expect = Expect.FORBIDDEN,
    desc = "Accepted above the high water mark, accepted again before the low water mark, refused although " +
    "isWritable() said true, or a conservation failure; the verdict names kind, check and run.")
public final class WritabilityTests
{
    static final int SPSC_MESSAGES = 10;
    static final int MPSC_MESSAGES = 6;

    private WritabilityTests()
    {
    }

    static Scenario[] scenarios()
    {
        final ChannelKind[] kinds = ChannelKind.values();
        final Scenario[] scenarios = new Scenario[kinds.length];
        for (int i = 0; i < kinds.length; i++)
        {
            final boolean many = kinds[i].isMultiProducer();
            final Spec spec = Spec.of(kinds[i], OverflowPolicy.FAIL_FAST).marks(4, 3, 1).producers(many ? 2 : 1);
            scenarios[i] = new Scenario(spec, WritabilityTests::produceWatched,
                many ? WritabilityTests::produceWatchedAndConsume : Rig::consume, Rig::sawUnwritable);
        }
        return scenarios;
    }

    static void produceWatched(final Rig rig)
    {
        final int messages = rig.spec.producers == 1 ? SPSC_MESSAGES : MPSC_MESSAGES;
        for (int i = 0; i < messages; i++)
        {
            rig.sendWatched(0);
        }
        rig.done();
    }

    static void produceWatchedAndConsume(final Rig rig)
    {
        for (int i = 0; i < MPSC_MESSAGES; i++)
        {
            rig.sendWatched(1);
            rig.receive();
        }
        rig.done();
        rig.consume();
    }

    @JCStressTest
    @JCStressMeta(WritabilityTests.class)
    @State
    public static class AllKinds
    {
        final Scenario[] scenarios = scenarios();

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
