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
 * Credits are never overspent. Each channel has {@link CreditMode#MANUAL} credits, one to start with, and a consumer
 * that grants {@code request(1)} three times while it polls, concurrently with the producers' offers. After every
 * accept a producer checks, from reads that can only understate, that its reservations do not exceed the credit limit
 * plus refunds ({@link Rig#sendWatched(int)}); the arbiter checks the same exactly at the end, that the credit limit
 * is the initial credits plus the grants, and everything {@link ConservationTests} checks. The water marks (capacity
 * 4, high 4) do not bind before the credits do. Under FAIL_FAST a producer without credit is refused; under
 * DROP_OLDEST it evicts the oldest message and spends the credit the eviction refunds.
 * <p>
 * Channels: every kind under FAIL_FAST, plus OBJECT_SPSC and BINARY_MPSC under DROP_OLDEST. In MPSC channels the
 * consumer actor is also the second producer, offering between its grants and polls.
 * <p>
 * Result: on how many channels a producer ran out of credit (refused, or evicted to make room), and the verdict.
 */
@Outcome(id = "0, OK", expect = Expect.ACCEPTABLE,
    desc = "The grants always came before the producers needed them; no reservation beyond initial + granted.")
@Outcome(id = "[1-9], OK", expect = Expect.ACCEPTABLE,
    desc = "On that many channels a producer ran out of credit and the policy applied; never beyond initial + " +
    "granted + refunds.")
@Outcome(expect = Expect.FORBIDDEN,
    desc = "Credit overspent, a wrong credit limit, or a conservation failure; the verdict names kind/policy, the " +
    "check and the run.")
public final class CreditTests
{
    static final long INITIAL_CREDITS = 1;
    static final int GRANTS = 3;
    static final int SPSC_MESSAGES = 5;
    static final int MPSC_MESSAGES = 4;

    private CreditTests()
    {
    }

    static Scenario[] scenarios()
    {
        return new Scenario[]
        {
            scenario(ChannelKind.OBJECT_SPSC, OverflowPolicy.FAIL_FAST),
            scenario(ChannelKind.BINARY_SPSC, OverflowPolicy.FAIL_FAST),
            scenario(ChannelKind.OBJECT_MPSC, OverflowPolicy.FAIL_FAST),
            scenario(ChannelKind.BINARY_MPSC, OverflowPolicy.FAIL_FAST),
            scenario(ChannelKind.OBJECT_SPSC, OverflowPolicy.DROP_OLDEST),
            scenario(ChannelKind.BINARY_MPSC, OverflowPolicy.DROP_OLDEST),
        };
    }

    static Scenario scenario(final ChannelKind kind, final OverflowPolicy policy)
    {
        final boolean many = kind.isMultiProducer();
        final Spec spec = Spec.of(kind, policy).marks(4, 4, 1).manualCredits(INITIAL_CREDITS).producers(many ? 2 : 1);
        return new Scenario(spec, CreditTests::produceWatched,
            many ? CreditTests::produceGrantAndConsume : CreditTests::grantAndConsume, CreditTests::ranOutOfCredit);
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

    static void grantAndConsume(final Rig rig)
    {
        for (int i = 0; i < GRANTS; i++)
        {
            rig.grant(1);
            rig.receive();
        }
        rig.consume();
    }

    /**
     * The second producer of the MPSC channels: offer, grant, poll by turns, then drain.
     */
    static void produceGrantAndConsume(final Rig rig)
    {
        for (int i = 0; i < MPSC_MESSAGES; i++)
        {
            rig.sendWatched(1);
            if (i < GRANTS)
            {
                rig.grant(1);
            }
            rig.receive();
        }
        rig.done();
        rig.consume();
    }

    static boolean ranOutOfCredit(final Rig rig)
    {
        return rig.count(OfferResult.REJECTED) + rig.count(OfferResult.DROPPED_NEWEST) +
            rig.count(OfferResult.ACCEPTED_DROPPED_OLDEST) > 0;
    }

    @JCStressTest
    @JCStressMeta(CreditTests.class)
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
