package io.sluice.runtime.graph;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IL_Result;

/**
 * Fan-in close: two sources end concurrently into one MPSC edge while the sink drains it. Each source's last duty
 * cycle counts the edge's open producers down ({@link Edge#producerFinished()}); only the last one may close the
 * channel, so neither source ever sees its emits refused, the edge is never closed while a source has not ended, and
 * the sink finishes exactly once, after both sources ended and with all ten messages, each source's five in order.
 * Edge: capacity 2, high water mark 2, low water mark 1; batches of 2.
 * <p>
 * Two actors: the first drives source 0, the second drives source 1 and the sink round-robin, so source 0's close
 * races source 1's emits, source 1's close and the sink's drain. Object and binary edges, sources that emit by the
 * limit and greedy ones that emit all at once (their outboxes hold the rest). {@link FanInCloseThreeActorTests} puts
 * each source and the sink on a thread of its own.
 * <p>
 * Result: in how many scenarios the sink finished on its actor, and the verdict.
 */
@Outcome(id = "[0-9]+, OK", expect = Expect.ACCEPTABLE,
    desc = "In that many scenarios the sink finished during the race, after both sources ended and with every " +
    "message of both; the arbiter finished the others; logs, edge and stage counters all accounted.")
@Outcome(expect = Expect.FORBIDDEN,
    desc = "The merged edge closed before both sources ended, an emit refused, the sink finished early or without " +
    "every message, a message lost, repeated or out of its source's order, or counters off; the verdict names the " +
    "scenario and the check.")
public final class FanInCloseTests
{
    private FanInCloseTests()
    {
    }

    static GraphRig.Spec fanIn(final boolean binary)
    {
        return GraphRig.Spec.of(GraphRig.Shape.FAN_IN, binary);
    }

    static void driveSource0(final GraphRig rig)
    {
        rig.drive(rig.sources[0]);
    }

    static void driveSource1(final GraphRig rig)
    {
        rig.drive(rig.sources[1]);
    }

    static void driveSource1AndSink(final GraphRig rig)
    {
        rig.drive(rig.sources[1], rig.sink);
    }

    static GraphScenario[] twoActors()
    {
        return new GraphScenario[] {
            new GraphScenario(fanIn(false), FanInCloseTests::driveSource0, FanInCloseTests::driveSource1AndSink),
            new GraphScenario(fanIn(true), FanInCloseTests::driveSource0, FanInCloseTests::driveSource1AndSink),
            new GraphScenario(fanIn(false).greedy(), FanInCloseTests::driveSource0,
                FanInCloseTests::driveSource1AndSink),
            new GraphScenario(fanIn(true).greedy(), FanInCloseTests::driveSource0,
                FanInCloseTests::driveSource1AndSink),
        };
    }

    @JCStressTest
    @JCStressMeta(FanInCloseTests.class)
    @State
    public static class TwoActors
    {
        final GraphScenario[] scenarios = twoActors();

        @Actor
        public void source0()
        {
            GraphScenario.playFirst(scenarios);
        }

        @Actor
        public void source1AndSink()
        {
            GraphScenario.playSecond(scenarios);
        }

        @Arbiter
        public void arbiter(final IL_Result r)
        {
            GraphScenario.verdict(scenarios, r);
        }
    }
}
