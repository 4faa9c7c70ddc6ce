package io.sluice.queues.channel;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IL_Result;

/**
 * {@link ConservationTests} for the MPSC kinds with two producer actors and a separate consumer actor, twelve channels
 * (one per kind and policy). Three actors need at least three CPUs: jcstress skips this test on a smaller machine
 * ("No scheduling is possible").
 */
public final class ConservationThreeActorTests
{
    private ConservationThreeActorTests()
    {
    }

    @JCStressTest
    @JCStressMeta(ConservationTests.class)
    @State
    public static class Mpsc
    {
        final Scenario[] scenarios =
            ConservationTests.threeActors(ChannelKind.OBJECT_MPSC, ChannelKind.BINARY_MPSC);

        @Actor
        public void producer0()
        {
            Scenario.playFirst(scenarios);
        }

        @Actor
        public void producer1()
        {
            Scenario.playSecond(scenarios);
        }

        @Actor
        public void consumer()
        {
            Scenario.playThird(scenarios);
        }

        @Arbiter
        public void arbiter(final IL_Result r)
        {
            Scenario.verdict(scenarios, r);
        }
    }
}
