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
 * {@link WaitProbeTests} for the MPSC kinds with two producer actors and a separate consumer actor: the producers
 * stamp concurrently with each other and with the consumer's sampling. Three actors need at least three CPUs: jcstress
 * skips this test on a smaller machine ("No scheduling is possible").
 */
@Outcome(id = "0, OK", expect = Expect.ACCEPTABLE,
    desc = "Every delivery sampled; each sample the exact stamp of the reservation the consumer computed.")
@Outcome(id = "[1-9][0-9]*, OK", expect = Expect.ACCEPTABLE,
    desc = "That many deliveries had no sample: the consumer took a message reserved later than the count it " +
    "sampled, whose producer had not stamped yet (or the slot was restamped). Every sample taken was exact.")
@Outcome(expect = Expect.FORBIDDEN,
    desc = "A sample that is no reservation's stamp (the initial -1 shows as 1000001), or one that cannot be the " +
    "stamp of the reservation at its delivery's count, or more samples than deliveries, or a lost message.")
public final class WaitProbeThreeActorTests
{
    private WaitProbeThreeActorTests()
    {
    }

    @JCStressTest
    @JCStressMeta(WaitProbeThreeActorTests.class)
    @State
    public static class ObjectMpsc
    {
        final ProbeRig rig =
            new ProbeRig(ChannelKind.OBJECT_MPSC, OverflowPolicy.FAIL_FAST, 2, WaitProbeTests.MPSC_MESSAGES);

        @Actor
        public void producer0()
        {
            rig.produce(0, 0);
        }

        @Actor
        public void producer1()
        {
            rig.produce(1, 1);
        }

        @Actor
        public void consumer()
        {
            rig.consume(2);
        }

        @Arbiter
        public void arbiter(final IL_Result r)
        {
            rig.verdictConsistent(r);
        }
    }

    @JCStressTest
    @JCStressMeta(WaitProbeThreeActorTests.class)
    @State
    public static class BinaryMpsc
    {
        final ProbeRig rig =
            new ProbeRig(ChannelKind.BINARY_MPSC, OverflowPolicy.FAIL_FAST, 2, WaitProbeTests.MPSC_MESSAGES);

        @Actor
        public void producer0()
        {
            rig.produce(0, 0);
        }

        @Actor
        public void producer1()
        {
            rig.produce(1, 1);
        }

        @Actor
        public void consumer()
        {
            rig.consume(2);
        }

        @Arbiter
        public void arbiter(final IL_Result r)
        {
            rig.verdictConsistent(r);
        }
    }
}
