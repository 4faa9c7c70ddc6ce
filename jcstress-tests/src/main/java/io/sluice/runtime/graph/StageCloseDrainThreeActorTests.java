package io.sluice.runtime.graph;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IL_Result;

/**
 * The relay graphs of {@link StageCloseDrainTests} with source, relay and sink each on its own thread, as
 * {@code THREAD_PER_AGENT} runs them: the relay drains while the source closes its inbound edge, and closes its own
 * outbound edge while the sink drains that (a greedy source as well, so the relay's inbound edge closes only after
 * the source's outbox is flushed). Needs at least three CPUs: jcstress skips this test on a smaller machine.
 */
public final class StageCloseDrainThreeActorTests
{
    private StageCloseDrainThreeActorTests()
    {
    }

    static GraphScenario[] threeActors()
    {
        return new GraphScenario[] {
            new GraphScenario(StageCloseDrainTests.relay(false), StageCloseDrainTests::driveSources,
                StageCloseDrainTests::driveRelay, StageCloseDrainTests::driveSink),
            new GraphScenario(StageCloseDrainTests.relay(true), StageCloseDrainTests::driveSources,
                StageCloseDrainTests::driveRelay, StageCloseDrainTests::driveSink),
            new GraphScenario(StageCloseDrainTests.relay(false).greedy(), StageCloseDrainTests::driveSources,
                StageCloseDrainTests::driveRelay, StageCloseDrainTests::driveSink),
        };
    }

    @JCStressTest
    @JCStressMeta(StageCloseDrainTests.class)
    @State
    public static class ThreeActors
    {
        final GraphScenario[] scenarios = threeActors();

        @Actor
        public void source()
        {
            GraphScenario.playFirst(scenarios);
        }

        @Actor
        public void relay()
        {
            GraphScenario.playSecond(scenarios);
        }

        @Actor
        public void sink()
        {
            GraphScenario.playThird(scenarios);
        }

        @Arbiter
        public void arbiter(final IL_Result r)
        {
            GraphScenario.verdict(scenarios, r);
        }
    }
}
