package io.sluice.queues.channel;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IL_Result;

/**
 * The MPSC channels of {@link CloseDrainTests} with the offering producer, the closing producer and the consumer on
 * three threads. Needs at least three CPUs: jcstress skips this test on a smaller machine.
 */
public final class CloseDrainThreeActorTests
{
    private CloseDrainThreeActorTests()
    {
    }

    @JCStressTest
    @JCStressMeta(CloseDrainTests.class)
    @State
    public static class Mpsc
    {
        final Scenario[] scenarios = CloseDrainTests.mpscScenarios(true);

        @Actor
        public void producer()
        {
            Scenario.playFirst(scenarios);
        }

        @Actor
        public void closer()
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
