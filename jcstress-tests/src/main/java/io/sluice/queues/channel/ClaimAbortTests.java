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
 * Binary claim/commit/abort racing the consumer: producers open claims, write, and commit or abort them while the
 * consumer drains and grants one more credit. Credits are MANUAL, 3 to start with; the water marks (capacity 4, high
 * 4) do not bind first. An aborted claim must never be delivered, is not an offer, and must give back its
 * reservation: the aborted counter equals the aborted claims, accepted excludes them, depth and in-flight are zero
 * at end of stream (a ring record is refunded when the consumer passes it), the credit checks of the audit hold, and
 * on the slot pool with one producer (abort, commit, abort, commit, commit, commit) at least 3 commits are accepted,
 * which only the immediate refunds of the two aborted slots allow. Both binary kinds, over the ring buffer
 * (FAIL_FAST) and the slot pool (DROP_OLDEST); in MPSC channels the consumer actor also claims, aborts and commits.
 * <p>
 * Result: on how many channels a producer ran out of credit, and the verdict.
 */
@Outcome(id = "0, OK", expect = Expect.ACCEPTABLE,
    desc = "Every claim had credit; aborted claims were refunded and never delivered.")
@Outcome(id = "[1-9], OK", expect = Expect.ACCEPTABLE,
    desc = "On that many channels a claim ran out of credit and the policy applied; aborted claims were refunded " +
    "and never delivered.")
@Outcome(expect = Expect.FORBIDDEN,
    desc = "An aborted claim delivered or not refunded, or a conservation failure; the verdict names kind/policy, " +
    "the check and the run (a = aborted claim).")
public final class ClaimAbortTests
{
    static final long INITIAL_CREDITS = 3;

    private ClaimAbortTests()
    {
    }

    static Scenario[] scenarios()
    {
        return new Scenario[]
        {
            scenario(ChannelKind.BINARY_SPSC, OverflowPolicy.FAIL_FAST),
            scenario(ChannelKind.BINARY_SPSC, OverflowPolicy.DROP_OLDEST),
            scenario(ChannelKind.BINARY_MPSC, OverflowPolicy.FAIL_FAST),
            scenario(ChannelKind.BINARY_MPSC, OverflowPolicy.DROP_OLDEST),
        };
    }

    static Scenario scenario(final ChannelKind kind, final OverflowPolicy policy)
    {
        final boolean many = kind.isMultiProducer();
        final Spec spec = Spec.of(kind, policy).marks(4, 4, 1).manualCredits(INITIAL_CREDITS).producers(many ? 2 : 1);
        return new Scenario(spec, ClaimAbortTests::claimCommitAndAbort,
            many ? ClaimAbortTests::claimCommitAbortAndConsume : ClaimAbortTests::consumeAndGrant,
            Scenario.IDLE, CreditTests::ranOutOfCredit, ClaimAbortTests::verdict);
    }

    static void claimCommitAndAbort(final Rig rig)
    {
        rig.sendAborted(0);
        rig.sendClaimed(0);
        rig.sendAborted(0);
        rig.sendClaimed(0);
        rig.sendClaimed(0);
        rig.sendClaimed(0);
        rig.done();
    }

    static void consumeAndGrant(final Rig rig)
    {
        rig.receive();
        rig.receive();
        rig.grant(1);
        rig.consume();
    }

    /**
     * The second producer of the MPSC channels: claims, aborts, polls and grants by turns, then drains.
     */
    static void claimCommitAbortAndConsume(final Rig rig)
    {
        rig.sendAborted(1);
        rig.receive();
        rig.sendClaimed(1);
        rig.receive();
        rig.grant(1);
        rig.sendAborted(1);
        rig.sendClaimed(1);
        rig.done();
        rig.consume();
    }

    static String verdict(final Rig rig)
    {
        final String audit = rig.audit();
        if (!Rig.OK.equals(audit))
        {
            return audit;
        }
        final long aborted = rig.channel.counters(new ChannelCounters()).aborted();
        final int abortedClaims = rig.count(Rig.ABORTED);
        if (aborted != abortedClaims)
        {
            return rig.fail("ABORTED_COUNTER_" + aborted + "_BUT_ABORTED_CLAIMS_" + abortedClaims);
        }
        // a slot is refunded at abort; a ring record only once the consumer passes it, so only slots bound this
        final int accepted = rig.count(OfferResult.ACCEPTED) + rig.count(OfferResult.ACCEPTED_DROPPED_OLDEST);
        if (rig.spec.producers == 1 && rig.spec.policy == OverflowPolicy.DROP_OLDEST && accepted < INITIAL_CREDITS)
        {
            return rig.fail("ABORT_NOT_REFUNDED accepted=" + accepted);
        }
        return Rig.OK;
    }

    @JCStressTest
    @JCStressMeta(ClaimAbortTests.class)
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
