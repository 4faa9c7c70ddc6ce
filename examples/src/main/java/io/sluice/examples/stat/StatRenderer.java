package io.sluice.examples.stat;

import io.sluice.runtime.metrics.EntitySnapshot;
import io.sluice.runtime.metrics.GraphSnapshot;
import io.sluice.runtime.metrics.MetricsSnapshot;
import io.sluice.runtime.metrics.SluiceMetric;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns two snapshots of a counters file into one frame of {@code sluice stat}: per graph, a table of its edges
 * (fill, credits, rates in and out, time unwritable), a table of what the edges refused or set aside (drops by
 * reason, spills, wait-time quantiles), and a table of its stages (duty cycles, busy share, rates, errors, dead
 * letters, breaker, service-time quantiles). The bottleneck edge carries {@value #BOTTLENECK_MARKER}, and is shown
 * in reverse video when colour is on.
 * <p>
 * Rates and shares are deltas between the two snapshots over the elapsed time given. Without a previous snapshot
 * (the first frame) they are averages since the process started, the previous values taken as zero; for a graph the
 * previous snapshot does not have (registered since), they show as {@value StatFormat#NONE}.
 * <p>
 * A pure function of its arguments: it reads no clock and no file.
 * <p>
 * <b>Note:</b> thread-safe (immutable).
 */
public final class StatRenderer
{
    /**
     * The text after the bottleneck edge's row, shown with or without colour.
     */
    public static final String BOTTLENECK_MARKER = "<- bottleneck";

    /**
     * ANSI reverse video, for the bottleneck edge's row when colour is on.
     */
    public static final String REVERSE_VIDEO = "\u001b[7m";

    /**
     * ANSI reset of every attribute.
     */
    public static final String RESET = "\u001b[0m";

    /**
     * Cells between the brackets of the fill bar.
     */
    public static final int BAR_WIDTH = 12;

    private static final String[] BREAKER_STATES = { "closed", "OPEN", "half-open" };
    private static final String[] GRAPH_STATES = { "built", "running", "closed" };

    private final boolean color;

    /**
     * A renderer.
     *
     * @param color true to highlight with ANSI escapes (for a terminal), false for plain text.
     */
    public StatRenderer(final boolean color)
    {
        this.color = color;
    }

    /**
     * Render one frame.
     *
     * @param previous  the snapshot of the previous frame, or null for the first frame of a process.
     * @param current   the snapshot to show.
     * @param elapsedNs time between the two snapshots (since the process started when {@code previous} is null);
     *                  rates show as {@value StatFormat#NONE} when it is not positive.
     * @return the frame, lines ended with {@code \n}.
     */
    public String render(final MetricsSnapshot previous, final MetricsSnapshot current, final long elapsedNs)
    {
        final StringBuilder text = new StringBuilder(4096);
        text.append("sluice stat  pid ").append(current.pid())
            .append("  up ").append(StatFormat.uptime(current.heartbeatMs() - current.startTimeMs()))
            .append("  ").append(null == previous ?
                "averages since start" : "rates over " + StatFormat.duration(elapsedNs))
            .append("  ").append(current.file());
        if (null != previous && previous.heartbeatMs() == current.heartbeatMs() &&
            elapsedNs > 2 * Math.max(current.publishIntervalNs(), 1))
        {
            text.append("  (no publication since the last frame: writer stalled?)");
        }
        text.append('\n');

        if (current.graphs().isEmpty())
        {
            text.append('\n').append("no graphs registered (a graph appears once built with metrics)\n");
        }
        for (final GraphSnapshot graph : current.graphs())
        {
            final GraphSnapshot before = null == previous ? null : sameGraph(previous, graph);
            renderGraph(text, graph, before, null == previous, elapsedNs);
        }
        return text.toString();
    }

    private void renderGraph(
        final StringBuilder text,
        final GraphSnapshot graph,
        final GraphSnapshot before,
        final boolean sinceStart,
        final long elapsedNs)
    {
        final String bottleneck = graph.bottleneck();
        final EntitySnapshot bottleneckEdge = null == bottleneck ? null : graph.edge(bottleneck);
        final String threading = graph.graph().attribute("threading");
        text.append('\n').append("graph ").append(graph.name());
        if (null != threading)
        {
            text.append("  ").append(threading);
        }
        text.append("  ").append(state(graph.graph().value(SluiceMetric.GRAPH_INFO), GRAPH_STATES))
            .append("  bottleneck: ");
        if (null == bottleneckEdge)
        {
            text.append("none");
        }
        else
        {
            text.append(bottleneck);
            final String consumer = bottleneckEdge.attribute("to");
            if (null != consumer)
            {
                text.append(" (held back by ").append(consumer).append(')');
            }
        }
        text.append('\n');

        if (!graph.edges().isEmpty())
        {
            text.append('\n');
            edges(text, graph, before, sinceStart, elapsedNs, bottleneck);
            text.append('\n');
            edgeOutcomes(text, graph, before, sinceStart);
        }
        if (!graph.stages().isEmpty())
        {
            text.append('\n');
            stages(text, graph, before, sinceStart, elapsedNs);
        }
        if (!graph.agents().isEmpty())
        {
            text.append('\n');
            agents(text, graph, before, sinceStart, elapsedNs);
        }
    }

    private void edges(
        final StringBuilder text,
        final GraphSnapshot graph,
        final GraphSnapshot before,
        final boolean sinceStart,
        final long elapsedNs,
        final String bottleneck)
    {
        final Table table = new Table(
            new String[]{ "EDGE", "POLICY", "FILL", "DEPTH/CAP", "CREDITS", "IN/S", "OUT/S", "UNWRITABLE" },
            new boolean[]{ true, true, true, false, false, false, false, false });
        for (final EntitySnapshot edge : graph.edges())
        {
            final Diff diff = new Diff(edge, null == before ? null : before.edge(edge.name()), sinceStart, elapsedNs);
            final long delivered = diff.delta(SluiceMetric.EDGE_DELIVERED, SluiceMetric.EDGE_DELIVERED_FROM_SPILL);
            final long unwritableNs = diff.delta(SluiceMetric.EDGE_UNWRITABLE_TIME);
            final boolean isBottleneck = edge.name().equals(bottleneck);
            table.row(new String[]{
                edge.name(),
                orNone(edge.attribute("policy")),
                StatFormat.bar(edge.value(SluiceMetric.EDGE_UTILISATION), BAR_WIDTH),
                StatFormat.grouped(edge.value(SluiceMetric.EDGE_DEPTH)) + "/" +
                    StatFormat.grouped(edge.value(SluiceMetric.EDGE_INFO)),
                StatFormat.count(edge.value(SluiceMetric.EDGE_CREDITS)),
                StatFormat.rate(diff.perSecond(diff.delta(SluiceMetric.EDGE_OFFERED))),
                StatFormat.rate(diff.perSecond(delivered)),
                StatFormat.percent(unwritableNs < 0 || elapsedNs <= 0 ? Double.NaN : unwritableNs / (double)elapsedNs)
            }, isBottleneck ? BOTTLENECK_MARKER : null, isBottleneck && color);
        }
        table.appendTo(text);
    }

    private static void edgeOutcomes(
        final StringBuilder text, final GraphSnapshot graph, final GraphSnapshot before, final boolean sinceStart)
    {
        final Table table = new Table(
            new String[]{ "EDGE", "DROP-NEW", "DROP-OLD", "SHED", "REJECTED", "TIMED-OUT", "SPILLED", "PENDING",
                "WAIT-P50", "P99", "P99.9", "MAX" },
            new boolean[]{ true, false, false, false, false, false, false, false, false, false, false, false });
        for (final EntitySnapshot edge : graph.edges())
        {
            final boolean sampled = null != edge.attribute("sampling");
            table.row(new String[]{
                edge.name(),
                StatFormat.count(edge.value(SluiceMetric.EDGE_DROPPED_NEWEST)),
                StatFormat.count(edge.value(SluiceMetric.EDGE_DROPPED_OLDEST)),
                StatFormat.count(edge.value(SluiceMetric.EDGE_SHED)),
                StatFormat.count(edge.value(SluiceMetric.EDGE_REJECTED)),
                StatFormat.count(edge.value(SluiceMetric.EDGE_TIMED_OUT)),
                StatFormat.count(edge.value(SluiceMetric.EDGE_SPILLED)),
                StatFormat.count(edge.value(SluiceMetric.EDGE_SPILL_PENDING)),
                quantile(edge, SluiceMetric.EDGE_WAIT_P50, SluiceMetric.EDGE_WAIT_MAX, sampled),
                quantile(edge, SluiceMetric.EDGE_WAIT_P99, SluiceMetric.EDGE_WAIT_MAX, sampled),
                quantile(edge, SluiceMetric.EDGE_WAIT_P999, SluiceMetric.EDGE_WAIT_MAX, sampled),
                quantile(edge, SluiceMetric.EDGE_WAIT_MAX, SluiceMetric.EDGE_WAIT_MAX, sampled)
            }, null, false);
        }
        table.appendTo(text);
    }

    private static void stages(
        final StringBuilder text,
        final GraphSnapshot graph,
        final GraphSnapshot before,
        final boolean sinceStart,
        final long elapsedNs)
    {
        final Table table = new Table(
            new String[]{ "STAGE", "ROLE", "DUTY/S", "BUSY", "IN/S", "OUT/S", "ERRORS", "DEAD", "BREAKER",
                "SVC-P50", "P99" },
            new boolean[]{ true, true, false, false, false, false, false, false, false, false, false });
        for (final EntitySnapshot stage : graph.stages())
        {
            final Diff diff = new Diff(stage, null == before ? null : before.stage(stage.name()), sinceStart,
                elapsedNs);
            final long duty = diff.delta(SluiceMetric.STAGE_DUTY_CYCLES);
            final long busy = diff.delta(SluiceMetric.STAGE_BUSY_CYCLES);
            final boolean sampled = null != stage.attribute("sampling");
            final long breaker = stage.value(SluiceMetric.STAGE_BREAKER_STATE);
            table.row(new String[]{
                stage.name(),
                orNone(stage.attribute("role")),
                StatFormat.rate(diff.perSecond(duty)),
                StatFormat.percent(duty <= 0 || busy < 0 ? Double.NaN : busy / (double)duty),
                StatFormat.rate(diff.perSecond(diff.delta(SluiceMetric.STAGE_RECEIVED))),
                StatFormat.rate(diff.perSecond(diff.delta(SluiceMetric.STAGE_EMITTED))),
                StatFormat.count(stage.value(SluiceMetric.STAGE_ERRORS)),
                StatFormat.count(stage.value(SluiceMetric.STAGE_DEAD_LETTERED)),
                breaker < 0 ? StatFormat.NONE : state(breaker, BREAKER_STATES),
                quantile(stage, SluiceMetric.STAGE_SERVICE_P50, SluiceMetric.STAGE_SERVICE_MAX, sampled),
                quantile(stage, SluiceMetric.STAGE_SERVICE_P99, SluiceMetric.STAGE_SERVICE_MAX, sampled)
            }, stage.value(SluiceMetric.STAGE_DONE) != 0 ? "done" : null, false);
        }
        table.appendTo(text);
    }

    private static void agents(
        final StringBuilder text,
        final GraphSnapshot graph,
        final GraphSnapshot before,
        final boolean sinceStart,
        final long elapsedNs)
    {
        final Table table = new Table(
            new String[]{ "AGENT", "DUTY CYCLE", "JOINED", "DUTY/S", "BUSY", "WORK/S", "ERRORS" },
            new boolean[]{ true, true, true, false, false, false, false });
        for (final EntitySnapshot agent : graph.agents())
        {
            final Diff diff = new Diff(agent, null == before ? null : before.agent(agent.name()), sinceStart,
                elapsedNs);
            final long duty = diff.delta(SluiceMetric.AGENT_DUTY_CYCLES);
            final long busy = diff.delta(SluiceMetric.AGENT_BUSY_CYCLES);
            final String group = agent.attribute("group");
            table.row(new String[]{
                agent.name(),
                null == group || group.isEmpty() ? StatFormat.NONE : group,
                agent.value(SluiceMetric.AGENT_INFO) != 0 ? "yes" : "no",
                StatFormat.rate(diff.perSecond(duty)),
                StatFormat.percent(duty <= 0 || busy < 0 ? Double.NaN : busy / (double)duty),
                StatFormat.rate(diff.perSecond(diff.delta(SluiceMetric.AGENT_WORK))),
                StatFormat.count(agent.value(SluiceMetric.AGENT_ERRORS))
            }, agent.value(SluiceMetric.AGENT_CLOSED) != 0 ? "left" : null, false);
        }
        table.appendTo(text);
    }

    /**
     * A quantile over the last histogram window: "off" when the entity is not sampled, {@value StatFormat#NONE}
     * when the window held no sample (its maximum is 0).
     */
    private static String quantile(
        final EntitySnapshot entity, final SluiceMetric quantile, final SluiceMetric max, final boolean sampled)
    {
        if (!sampled)
        {
            return "off";
        }
        if (entity.value(max) <= 0)
        {
            return StatFormat.NONE;
        }
        return StatFormat.duration(entity.value(quantile));
    }

    /**
     * The previous snapshot's registration of the same graph: same name and same graph id (a graph closed and built
     * again under its name starts its counters from zero, so it is not the same).
     */
    private static GraphSnapshot sameGraph(final MetricsSnapshot previous, final GraphSnapshot graph)
    {
        for (final GraphSnapshot candidate : previous.graphs())
        {
            if (candidate.graph().graphId() == graph.graph().graphId() && candidate.name().equals(graph.name()))
            {
                return candidate;
            }
        }
        return null;
    }

    private static String state(final long value, final String[] names)
    {
        return value >= 0 && value < names.length ? names[(int)value] : "state " + value;
    }

    private static String orNone(final String value)
    {
        return null == value ? StatFormat.NONE : value;
    }

    /**
     * Deltas of one entity between two snapshots.
     */
    private static final class Diff
    {
        private final EntitySnapshot now;
        private final EntitySnapshot before;
        private final boolean sinceStart;
        private final long elapsedNs;

        Diff(final EntitySnapshot now, final EntitySnapshot before, final boolean sinceStart, final long elapsedNs)
        {
            this.now = now;
            this.before = before;
            this.sinceStart = sinceStart;
            this.elapsedNs = elapsedNs;
        }

        /**
         * The growth of the sum of some counters, or -1 if unknown: no baseline, or a counter went back.
         */
        long delta(final SluiceMetric... metrics)
        {
            if (null == before && !sinceStart)
            {
                return -1;
            }
            long delta = 0;
            for (final SluiceMetric metric : metrics)
            {
                delta += now.value(metric) - (null == before ? 0 : before.value(metric));
            }
            return delta < 0 ? -1 : delta;
        }

        double perSecond(final long delta)
        {
            return delta < 0 || elapsedNs <= 0 ? Double.NaN : delta * 1e9 / elapsedNs;
        }
    }

    /**
     * Columns sized to their widest cell, two spaces apart; a row may carry a marker after its last cell and be
     * highlighted.
     */
    private static final class Table
    {
        private final String[] headers;
        private final boolean[] left;
        private final int[] widths;
        private final List<String[]> rows = new ArrayList<>();
        private final List<String> markers = new ArrayList<>();
        private final List<Boolean> highlights = new ArrayList<>();

        Table(final String[] headers, final boolean[] left)
        {
            this.headers = headers;
            this.left = left;
            this.widths = new int[headers.length];
            for (int i = 0; i < headers.length; i++)
            {
                widths[i] = headers[i].length();
            }
        }

        void row(final String[] cells, final String marker, final boolean highlight)
        {
            for (int i = 0; i < cells.length; i++)
            {
                widths[i] = Math.max(widths[i], cells[i].length());
            }
            rows.add(cells);
            markers.add(marker);
            highlights.add(highlight);
        }

        void appendTo(final StringBuilder text)
        {
            line(text, headers, null, false);
            for (int r = 0; r < rows.size(); r++)
            {
                line(text, rows.get(r), markers.get(r), highlights.get(r));
            }
        }

        private void line(final StringBuilder text, final String[] cells, final String marker, final boolean highlight)
        {
            final StringBuilder line = new StringBuilder(128);
            for (int i = 0; i < cells.length; i++)
            {
                if (i > 0)
                {
                    line.append("  ");
                }
                final int pad = widths[i] - cells[i].length();
                if (!left[i])
                {
                    line.append(" ".repeat(pad));
                }
                line.append(cells[i]);
                if (left[i] && (i < cells.length - 1 || null != marker))
                {
                    line.append(" ".repeat(pad));
                }
            }
            if (null != marker)
            {
                line.append("  ").append(marker);
            }
            if (highlight)
            {
                text.append(REVERSE_VIDEO).append(line).append(RESET);
            }
            else
            {
                text.append(line);
            }
            text.append('\n');
        }
    }
}
