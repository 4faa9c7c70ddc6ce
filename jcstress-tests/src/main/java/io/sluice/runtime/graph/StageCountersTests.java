package io.sluice.runtime.graph;

import io.sluice.queues.channel.ChannelCounters;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIL_Result;

/**
 * Stage and edge counters read by another thread while the stages work ({@link Graph#stageCounters} and
 * {@link Graph#edgeCounters}, documented as readable from any thread at any time). The first actor drives a source
 * and a sink round-robin (sixteen messages, batches of 8, an edge of capacity 8, high water mark 8, low water mark
 * 4); the second takes up to {@link #MAX_SNAPSHOTS} snapshots, each of the source, then the edge, then the sink, until
 * it sees the sink done or the first actor gone. Object and binary graphs.
 * <p>
 * Checked in every snapshot, because the code orders its writes and the snapshot its reads to guarantee it: the
 * source's {@code emitted} never exceeds the edge's {@code accepted} (the outbox counts an emit after the channel took
 * it, and publishes its counts at the end of the duty cycle); the edge's {@code delivered} never exceeds its
 * {@code accepted}; the sink's {@code retrying} is 0 or 1 and its {@code received} is never behind
 * {@code succeeded + deadLettered + shed + duplicates + retrying} (a stage publishes received, then the flag, then the
 * outcomes with release stores, and a snapshot reads them in the reverse order with acquire loads); no counter goes
 * backwards between two snapshots; {@code held} is never negative; a stage seen done shows its final counts (done is
 * written last, and read first), and a source seen done has closed its edge; once {@link Graph#isDone()} (what a
 * graceful close waits for) is seen true, every stage is done and the edge closed and drained. After the run
 * (arbiter) every count is exact: {@code retrying} 0, {@code held} 0, edge conserved, the stage identity exact.
 * <p>
 * Not guaranteed in motion, so not checked: the edge's {@code delivered} against the sink's {@code received}. The
 * channel counts a drained burst as it ends; the stage publishes its counts at the end of its duty cycle, a moment
 * later.
 * <p>
 * Result: the smallest and the largest {@code retrying} the observer saw in the sinks' snapshots, and the verdict.
 */
@Outcome(id = "0, [01], OK", expect = Expect.ACCEPTABLE,
    desc = "Every snapshot in motion consistent; retrying 0 (no message is held for a retry in this graph).")
@Outcome(expect = Expect.FORBIDDEN,
    desc = "A guaranteed check failed (emitted > accepted, delivered > accepted, retrying outside 0..1, received " +
    "behind the outcomes, a " +
    "counter going backwards, a done stage with counts not final, a done source with its edge open) or the run " +
    "did not account for every message; the verdict names the check.")
public final class StageCountersTests
{
    static final int MESSAGES = 16;
    static final int MAX_SNAPSHOTS = 4096;

    private StageCountersTests()
    {
    }

    static GraphRig rig(final boolean binary)
    {
        return new GraphRig(GraphRig.Spec.of(GraphRig.Shape.PIPE, binary).messages(MESSAGES).marks(8, 8, 4).batch(8));
    }

    /**
     * The observer: snapshots on its own thread, and what it saw.
     */
    static final class Watch
    {
        private final StageCounters source = new StageCounters();
        private final StageCounters sink = new StageCounters();
        private final ChannelCounters edge = new ChannelCounters();
        private long lastEmitted;
        private long lastAccepted;
        private long lastDelivered;
        private long lastReceived;
        private long lastSucceeded;
        long minRetrying;
        long maxRetrying;

        void observe(final GraphRig rig)
        {
            final Graph graph = rig.graph;
            lastEmitted = 0;
            lastAccepted = 0;
            lastDelivered = 0;
            lastReceived = 0;
            lastSucceeded = 0;
            for (int i = 0; i < MAX_SNAPSHOTS; i++)
            {
                final boolean stagesGone = rig.othersLeft();
                final boolean graphDone = graph.isDone();
                graph.stageCounters("src0", source);
                graph.edgeCounters("src0->sink", edge);
                graph.stageCounters("sink", sink);
                final String failure = check(rig.spec.messages, graphDone);
                if (null != failure)
                {
                    rig.violation("snapshot " + i + ": " + failure + "; source " + source + ", edge " + edge +
                        ", sink " + sink);
                    return;
                }
                if (sink.done() || stagesGone)
                {
                    return;
                }
            }
        }

        private String check(final long messages, final boolean graphDone)
        {
            minRetrying = Math.min(minRetrying, sink.retrying());
            maxRetrying = Math.max(maxRetrying, sink.retrying());
            if (source.emitted() > edge.accepted())
            {
                return "source emitted > edge accepted";
            }
            if (edge.delivered() > edge.accepted())
            {
                return "edge delivered > accepted";
            }
            if (sink.retrying() < 0 || sink.retrying() > 1)
            {
                return "sink retrying outside 0..1";
            }
            if (sink.received() < sink.succeeded() + sink.deadLettered() + sink.shed() + sink.duplicates() +
                sink.retrying())
            {
                return "sink received behind its outcomes";
            }
            if (source.held() < 0 || sink.held() < 0)
            {
                return "held < 0";
            }
            if (source.emitted() < lastEmitted || edge.accepted() < lastAccepted || edge.delivered() < lastDelivered ||
                sink.received() < lastReceived || sink.succeeded() < lastSucceeded)
            {
                return "a counter went backwards";
            }
            lastEmitted = source.emitted();
            lastAccepted = edge.accepted();
            lastDelivered = edge.delivered();
            lastReceived = sink.received();
            lastSucceeded = sink.succeeded();
            if (source.done() && (source.emitted() != messages || source.held() != 0 || !edge.closed() ||
                edge.accepted() != messages))
            {
                return "source seen done with counts not final or its edge open";
            }
            if (sink.done() && (sink.received() != messages || sink.succeeded() != messages || sink.retrying() != 0))
            {
                return "sink seen done with counts not final";
            }
            if (graphDone && (!source.done() || !sink.done() || !edge.closed() || edge.delivered() != messages ||
                edge.depth() != 0))
            {
                return "graph seen done (isDone) before every stage finished and the edge drained";
            }
            return null;
        }
    }

    @JCStressTest
    @JCStressMeta(StageCountersTests.class)
    @State
    public static class InMotion
    {
        final GraphRig[] rigs = {rig(false), rig(true)};
        final Watch watch = new Watch();

        @Actor
        public void stages()
        {
            for (final GraphRig rig : rigs)
            {
                rig.drive(rig.sources[0], rig.sink);
                rig.leave();
            }
        }

        @Actor
        public void observer()
        {
            for (final GraphRig rig : rigs)
            {
                watch.observe(rig);
            }
        }

        @Arbiter
        public void arbiter(final IIL_Result r)
        {
            String result = GraphRig.OK;
            for (final GraphRig rig : rigs)
            {
                rig.settle();
                final String audit = rig.audit();
                if (!GraphRig.OK.equals(audit) && GraphRig.OK.equals(result))
                {
                    result = rig.label + ": " + audit;
                }
            }
            r.r1 = (int)watch.minRetrying;
            r.r2 = (int)watch.maxRetrying;
            r.r3 = result;
        }
    }
}
