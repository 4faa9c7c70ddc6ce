package io.sluice.queues.channel;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IL_Result;

/**
 * {@link SpillHandoffTests} for the MPSC kinds with two producers and a consumer on three threads, where one producer
 * can clear the SPILLING flag while the other is between deciding to spill and appending. Needs at least three CPUs:
 * jcstress skips this test on a smaller machine.
 */
public final class SpillHandoffThreeActorTests
{
    private SpillHandoffThreeActorTests()
    {
    }

    @JCStressTest
    @JCStressMeta(SpillHandoffTests.class)
    @State
    public static class Mpsc
    {
        final Scenario[] scenarios = SpillHandoffTests.threeActors();

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
