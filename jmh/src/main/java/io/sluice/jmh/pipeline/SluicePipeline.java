package io.sluice.jmh.pipeline;

import io.sluice.queues.channel.ChannelCounters;
import io.sluice.runtime.agent.ThreadingMode;
import io.sluice.runtime.graph.CloseReport;
import io.sluice.runtime.graph.Graph;
import io.sluice.runtime.graph.GraphBuilder;
import io.sluice.runtime.graph.Outbox;

import java.util.concurrent.TimeUnit;

/**
 * The pipeline as a Sluice graph: source "source", stage "middle", sink "sink", edges "source->middle" and
 * "middle->sink" with the default graph edge settings (OBJECT_SPSC, policy BLOCK, AUTO credits, high water mark =
 * capacity, low = half) except the capacity; every stage takes at most {@code batch} messages per duty cycle.
 */
final class SluicePipeline extends Pipeline
{
    static final String FIRST_EDGE = "source->middle";
    static final String SECOND_EDGE = "middle->sink";

    private final Graph graph;

    SluicePipeline(final boolean sharedThread, final int capacity, final int batch, final String idleStrategy)
    {
        super(capacity, batch, idleStrategy);
        final StageWork.Source source = this.source;
        final StageWork.Middle middle = this.middle;
        final StageWork.Sink sink = this.sink;

        final GraphBuilder builder = GraphBuilder.graph("jmh-pipeline");
        builder.source("source", (Outbox<Integer> out, int limit) ->
        {
            for (int i = 0; i < limit; i++)
            {
                out.emit(source.next());
            }
            return limit;
        }).batch(batch);
        builder.stage("middle", (Integer message, Outbox<Integer> out) -> out.emit(middle.apply(message)))
            .batch(batch);
        builder.sink("sink", (Integer message) -> sink.accept(message)).batch(batch);
        builder.edge(FIRST_EDGE, "source", "middle").capacity(capacity);
        builder.edge(SECOND_EDGE, "middle", "sink").capacity(capacity);
        graph = builder
            .threading(sharedThread ? ThreadingMode.SHARED_THREAD : ThreadingMode.THREAD_PER_AGENT)
            .idleStrategy(idleStrategy)
            .errorHandler(errors)
            .build();
    }

    @Override
    void start()
    {
        graph.start();
    }

    @Override
    String stopAndDrain()
    {
        // graceful: the source stops, both edges drain into the sink, then the runners stop
        final CloseReport report = graph.close(30, TimeUnit.SECONDS);
        final StringBuilder problems = new StringBuilder();
        if (!report.drained())
        {
            problems.append("graph did not drain: ").append(report).append("; ");
        }
        final ChannelCounters counters = new ChannelCounters();
        for (final String edge : graph.edgeNames())
        {
            graph.edgeCounters(edge, counters);
            if (!counters.isConserved() || counters.depth() != 0)
            {
                problems.append("edge ").append(edge).append(": ").append(counters).append("; ");
            }
        }
        return problems.length() == 0 ? null : problems.toString();
    }
}
