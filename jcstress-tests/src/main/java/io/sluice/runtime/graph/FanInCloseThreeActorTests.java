package io.sluice.runtime.graph;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IL_Result;

/**
 * The graphs of {@link FanInCloseTests} with each source and the sink on a thread of its own, as
 * {@code THREAD_PER_AGENT} runs them: the two sources' last cycles count the merged edge's producers down at the
 * same time while the sink drains. Needs at least three CPUs: jcstress skips this test on a smaller machine.
 */
public final class FanInCloseThreeActorTests
{
    private FanInCloseThreeActorTests()
    {
    }

    static GraphScenario[] threeActors()
    {
        return new GraphScenario[] {
            new GraphScenario(FanInCloseTests.fanIn(false), FanInCloseTests::driveSource0,
                FanInCloseTests::driveSource1, StageCloseDrainTests::driveSink),
            new GraphScenario(FanInCloseTests.fanIn(true), FanInCloseTests::driveSource0,
                FanInCloseTests::driveSource1, StageCloseDrainTests::driveSink),
            new GraphScenario(FanInCloseTests.fanIn(false).greedy(), FanInCloseTests::driveSource0,
                FanInCloseTests::driveSource1, StageCloseDrainTests::driveSink),
        };
    }

    @JCStressTest
    @JCStressMeta(FanInCloseTests.class)
    @State
    public static class ThreeActors
    {
        final GraphScenario[] scenarios = threeActors();

        @Actor
        public void source0()
        {
            GraphScenario.playFirst(scenarios);
        }

        @Actor
        public void source1()
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
