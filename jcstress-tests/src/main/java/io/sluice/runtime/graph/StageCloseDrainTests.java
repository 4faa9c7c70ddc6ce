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
 * Stage close racing drain: an upstream stage ends, and its last duty cycle closes its outbound edge
 * ({@link Edge#producerFinished()}), while the downstream stage drains that edge on another thread. Everything the
 * upstream stage sent before it finished must reach the downstream stage before that one finishes, and the
 * downstream stage must not finish before (no loss, no early end of stream); an emit on a BLOCK edge is never
 * refused; the edge is closed only once its producer ended. Edges: capacity 2, high water mark 2, low water mark 1;
 * batches of 2; five messages.
 * <p>
 * Scenarios, two actors each (the first drives the upstream stages, the second the downstream ones; stages on one
 * actor run round-robin): source to sink for object and binary graphs; a greedy source that emits all five at once
 * and ends in the same call, so its outbox holds three and it may finish only once they are flushed (object and
 * binary); a source to sink edge with MANUAL credits and none initially, so the sink's grants are all the source
 * may send; source to relay to sink with the relay on the upstream actor (object and binary) and with it on the
 * downstream actor (object).
 * <p>
 * Result: in how many scenarios the sink finished on its actor (on the others it gave up waiting after
 * {@link GraphRig#PATIENCE} idle rounds and the arbiter finished the graph), and the verdict.
 */
@Outcome(id = "[0-9]+, OK", expect = Expect.ACCEPTABLE,
    desc = "In that many scenarios the sink finished during the race, each time after its sources ended and with " +
    "every message they sent; the arbiter finished the others; logs, edge and stage counters all accounted.")
@Outcome(expect = Expect.FORBIDDEN,
    desc = "A stage finished before its sources ended or without every message they sent, a message lost, " +
    "repeated or out of order, an emit refused, an edge closed early, or counters off; the verdict names the " +
    "scenario and the check.")
public final class StageCloseDrainTests
{
    private StageCloseDrainTests()
    {
    }

    static GraphRig.Spec pipe(final boolean binary)
    {
        return GraphRig.Spec.of(GraphRig.Shape.PIPE, binary);
    }

    static GraphRig.Spec relay(final boolean binary)
    {
        return GraphRig.Spec.of(GraphRig.Shape.RELAY, binary);
    }

    static void driveSources(final GraphRig rig)
    {
        rig.drive(rig.sources);
    }

    static void driveSourceAndRelay(final GraphRig rig)
    {
        rig.drive(rig.sources[0], rig.relay);
    }

    static void driveRelay(final GraphRig rig)
    {
        rig.drive(rig.relay);
    }

    static void driveRelayAndSink(final GraphRig rig)
    {
        rig.drive(rig.relay, rig.sink);
    }

    static void driveSink(final GraphRig rig)
    {
        rig.drive(rig.sink);
    }

    static GraphScenario[] twoActors()
    {
        return new GraphScenario[] {
            new GraphScenario(pipe(false), StageCloseDrainTests::driveSources, StageCloseDrainTests::driveSink),
            new GraphScenario(pipe(true), StageCloseDrainTests::driveSources, StageCloseDrainTests::driveSink),
            new GraphScenario(pipe(false).greedy(), StageCloseDrainTests::driveSources,
                StageCloseDrainTests::driveSink),
            new GraphScenario(pipe(true).greedy(), StageCloseDrainTests::driveSources,
                StageCloseDrainTests::driveSink),
            new GraphScenario(pipe(false).manualCredit(), StageCloseDrainTests::driveSources,
                StageCloseDrainTests::driveSink),
            new GraphScenario(relay(false), StageCloseDrainTests::driveSourceAndRelay,
                StageCloseDrainTests::driveSink),
            new GraphScenario(relay(true), StageCloseDrainTests::driveSourceAndRelay,
                StageCloseDrainTests::driveSink),
            new GraphScenario(relay(false), StageCloseDrainTests::driveSources,
                StageCloseDrainTests::driveRelayAndSink),
        };
    }

    @JCStressTest
    @JCStressMeta(StageCloseDrainTests.class)
    @State
    public static class TwoActors
    {
        final GraphScenario[] scenarios = twoActors();

        @Actor
        public void upstream()
        {
            GraphScenario.playFirst(scenarios);
        }

        @Actor
        public void downstream()
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
