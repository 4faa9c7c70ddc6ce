package io.sluice.runtime.graph;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IL_Result;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link Graph#close(long, TimeUnit)} racing a source's duty cycle. The source never ends by itself: it emits up to
 * {@link #CAP} messages (batches of 2 into an edge of capacity 2, high water mark 2, low water mark 1) and then
 * nothing, so only the close signal ({@link GraphControl#signalClose()}) stops it. The first actor drives the source;
 * the second drives the sink for {@link #SINK_CYCLES_BEFORE_CLOSE} cycles, closes the graph (never started, so close
 * signals and reports without waiting) and drives the sink to its end.
 * <p>
 * Checks: a source cycle that begins once the close signal is visible never calls the source's handler and, if the
 * outbox is empty, finishes the source; the source finishes only after the signal; the sink finishes only after the
 * source and with every message the source sent, in order; the close report is self-consistent (its total is the sum
 * of its parts; drained means nothing in flight); after the run the edge and stage counters account for every
 * message. A greedy source emits all six in its first call, so the close finds the outbox holding what the edge had
 * no room for: the source may finish only once that is flushed.
 * <p>
 * Result: how many messages the source sent before it saw the close (any of 0..6 is fine: the race decides), and
 * the verdict.
 */
@Outcome(id = "[0-6], OK", expect = Expect.ACCEPTABLE,
    desc = "The source sent that many messages before it saw the close signal, then finished; the sink got all of " +
    "them before it finished; report and counters consistent.")
@Outcome(expect = Expect.FORBIDDEN,
    desc = "The source produced in a cycle that began after the close was visible, did not finish with an empty " +
    "outbox, finished without the signal; the sink finished early or lost a message; an inconsistent close report; " +
    "or counters off. The verdict names the check.")
public final class GraphCloseSignalTests
{
    static final int CAP = 6;
    static final int SINK_CYCLES_BEFORE_CLOSE = 2;

    private GraphCloseSignalTests()
    {
    }

    static GraphRig rig(final boolean binary, final boolean greedy)
    {
        final GraphRig.Spec spec = GraphRig.Spec.of(GraphRig.Shape.PIPE, binary).messages(CAP).endless();
        return new GraphRig(greedy ? spec.greedy() : spec);
    }

    static void driveSource(final GraphRig rig)
    {
        rig.driveSourceWatchingClose(rig.sources[0], rig.emitters[0]);
        rig.leave();
    }

    static void closeWhileDraining(final GraphRig rig)
    {
        for (int i = 0; i < SINK_CYCLES_BEFORE_CLOSE; i++)
        {
            rig.cycle(rig.sink);
        }
        final CloseReport report = rig.graph.close(1, TimeUnit.SECONDS);
        long sum = 0;
        for (final Map<String, Long> part : List.of(report.inFlightByEdge(), report.heldByStage()))
        {
            for (final long n : part.values())
            {
                if (n <= 0)
                {
                    rig.violation("close report lists a count " + n + ": " + report);
                }
                sum += n;
            }
        }
        if (sum != report.inFlight() || (report.drained() && report.inFlight() != 0))
        {
            rig.violation("close report inconsistent: " + report);
        }
        if (!rig.control.isClosing())
        {
            rig.violation("close returned before signalling");
        }
        rig.drive(rig.sink);
        rig.leave();
    }

    static void verdict(final GraphRig rig, final IL_Result r)
    {
        rig.settle();
        r.r2 = rig.audit();
        r.r1 = rig.emitters[0].sent;
    }

    @JCStressTest
    @JCStressMeta(GraphCloseSignalTests.class)
    @State
    public static class ObjectGraph
    {
        final GraphRig rig = rig(false, false);

        @Actor
        public void source()
        {
            driveSource(rig);
        }

        @Actor
        public void closer()
        {
            closeWhileDraining(rig);
        }

        @Arbiter
        public void arbiter(final IL_Result r)
        {
            verdict(rig, r);
        }
    }

    @JCStressTest
    @JCStressMeta(GraphCloseSignalTests.class)
    @State
    public static class BinaryGraph
    {
        final GraphRig rig = rig(true, false);

        @Actor
        public void source()
        {
            driveSource(rig);
        }

        @Actor
        public void closer()
        {
            closeWhileDraining(rig);
        }

        @Arbiter
        public void arbiter(final IL_Result r)
        {
            verdict(rig, r);
        }
    }

    @JCStressTest
    @JCStressMeta(GraphCloseSignalTests.class)
    @State
    public static class GreedyObjectGraph
    {
        final GraphRig rig = rig(false, true);

        @Actor
        public void source()
        {
            driveSource(rig);
        }

        @Actor
        public void closer()
        {
            closeWhileDraining(rig);
        }

        @Arbiter
        public void arbiter(final IL_Result r)
        {
            verdict(rig, r);
        }
    }
}
