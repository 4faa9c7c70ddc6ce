package io.sluice.queues.channel;

import io.sluice.queues.overflow.OverflowPolicy;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/**
 * A producer blocked under BLOCK wakes up when the consumer makes room. The channel starts full (capacity 1, high
 * water mark 1, low water mark 0) or out of credit (MANUAL, the one initial credit spent); the producer offers with a
 * one-minute deadline, far longer than jcstress waits; the signal drains one message, or grants one credit. The offer
 * must return ACCEPTED: anything else keeps the actor spinning, so it shows as STALE too. Binary kinds block in
 * {@code offer} (SPSC) and in {@code claim} (MPSC).
 */
@Outcome(id = "TERMINATED", expect = Expect.ACCEPTABLE,
    desc = "The blocked producer woke up once the consumer made room and its message was accepted.")
@Outcome(id = "STALE", expect = Expect.FORBIDDEN,
    desc = "The producer stayed blocked after the consumer made room, or its offer did not return ACCEPTED.")
public final class BlockWakeTests
{
    private BlockWakeTests()
    {
    }

    /**
     * A BLOCK channel holding one message, at its high water mark.
     */
    static Rig full(final ChannelKind kind)
    {
        final Rig rig = Spec.of(kind, OverflowPolicy.BLOCK).marks(1, 1, 0).blockNanos(Spec.LONG_BLOCK_NANOS).build();
        fill(rig);
        return rig;
    }

    /**
     * A BLOCK channel whose one initial credit is spent (the water marks, 4/4/1, do not bind).
     */
    static Rig outOfCredit(final ChannelKind kind)
    {
        final Rig rig = Spec.of(kind, OverflowPolicy.BLOCK)
            .marks(4, 4, 1)
            .manualCredits(1)
            .blockNanos(Spec.LONG_BLOCK_NANOS)
            .build();
        fill(rig);
        return rig;
    }

    private static void fill(final Rig rig)
    {
        final int result = rig.sendCopied(0);
        if (result != OfferResult.ACCEPTED)
        {
            throw new IllegalStateException("could not fill the channel: " + OfferResult.toString(result));
        }
    }

    /**
     * A wrong result would end the actor as if it had been woken: spin instead, so it reports STALE.
     */
    static void expectAccepted(final int result)
    {
        if (result != OfferResult.ACCEPTED)
        {
            while (true)
            {
                Thread.onSpinWait();
            }
        }
    }

    @JCStressTest(Mode.Termination)
    @JCStressMeta(BlockWakeTests.class)
    @State
    public static class ObjectSpscDrain
    {
        final Rig rig = full(ChannelKind.OBJECT_SPSC);

        @Actor
        public void producer()
        {
            expectAccepted(rig.send(0));
        }

        @Signal
        public void consumer()
        {
            rig.receive();
        }
    }

    @JCStressTest(Mode.Termination)
    @JCStressMeta(BlockWakeTests.class)
    @State
    public static class ObjectMpscDrain
    {
        final Rig rig = full(ChannelKind.OBJECT_MPSC);

        @Actor
        public void producer()
        {
            expectAccepted(rig.send(0));
        }

        @Signal
        public void consumer()
        {
            rig.receive();
        }
    }

    @JCStressTest(Mode.Termination)
    @JCStressMeta(BlockWakeTests.class)
    @State
    public static class BinarySpscDrain
    {
        final Rig rig = full(ChannelKind.BINARY_SPSC);

        @Actor
        public void producer()
        {
            expectAccepted(rig.sendCopied(0));
        }

        @Signal
        public void consumer()
        {
            rig.receive();
        }
    }

    @JCStressTest(Mode.Termination)
    @JCStressMeta(BlockWakeTests.class)
    @State
    public static class BinaryMpscDrain
    {
        final Rig rig = full(ChannelKind.BINARY_MPSC);

        @Actor
        public void producer()
        {
            expectAccepted(rig.sendClaimed(0));
        }

        @Signal
        public void consumer()
        {
            rig.receive();
        }
    }

    @JCStressTest(Mode.Termination)
    @JCStressMeta(BlockWakeTests.class)
    @State
    public static class ObjectMpscCredit
    {
        final Rig rig = outOfCredit(ChannelKind.OBJECT_MPSC);

        @Actor
        public void producer()
        {
            expectAccepted(rig.send(0));
        }

        @Signal
        public void consumer()
        {
            rig.grant(1);
        }
    }

    @JCStressTest(Mode.Termination)
    @JCStressMeta(BlockWakeTests.class)
    @State
    public static class BinarySpscCredit
    {
        final Rig rig = outOfCredit(ChannelKind.BINARY_SPSC);

        @Actor
        public void producer()
        {
            expectAccepted(rig.sendClaimed(0));
        }

        @Signal
        public void consumer()
        {
            rig.grant(1);
        }
    }
}
