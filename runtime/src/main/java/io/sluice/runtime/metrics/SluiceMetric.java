package io.sluice.runtime.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.sluice.runtime.metrics.MetricKind.COUNTER;
import static io.sluice.runtime.metrics.MetricKind.GAUGE;
import static io.sluice.runtime.metrics.MetricKind.INFO;
import static io.sluice.runtime.metrics.MetricKind.QUANTILE;
import static io.sluice.runtime.metrics.MetricKind.SUMMARY_COUNT;
import static io.sluice.runtime.metrics.MetricKind.SUMMARY_SUM;
import static io.sluice.runtime.metrics.MetricScope.AGENT;
import static io.sluice.runtime.metrics.MetricScope.EDGE;
import static io.sluice.runtime.metrics.MetricScope.GRAPH;
import static io.sluice.runtime.metrics.MetricScope.STAGE;
import static io.sluice.runtime.metrics.MetricUnit.COUNT;
import static io.sluice.runtime.metrics.MetricUnit.FLAG;
import static io.sluice.runtime.metrics.MetricUnit.NANOSECONDS;
import static io.sluice.runtime.metrics.MetricUnit.PPM;
import static io.sluice.runtime.metrics.MetricUnit.STATE;

/**
 * Every counter Sluice registers in its counters file: the type id written into the file, the scope, kind and
 * unit, and the family name exporters use. This enum is the one list the writer, {@code sluice stat} and both
 * exporters work from, so a counter added here reaches all of them.
 * <p>
 * Family names follow Prometheus conventions: {@code sluice_} prefix, base units (a {@link MetricUnit#NANOSECONDS}
 * value is exported in seconds and its family ends in {@code _seconds}), and {@link #prometheusName()} adds
 * {@code _total} to counters. Where several counters are one family told apart by a label (drops by reason,
 * quantiles), {@link #labelName()} and {@link #labelValue()} give that label.
 */
public enum SluiceMetric
{
    // ---------------------------------------------------------------------------------------------------------------
    // graph
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * The graph's descriptor; value 1 while running, 0 once built but not started, 2 once closed.
     */
    GRAPH_INFO(100, GRAPH, INFO, STATE, "sluice_graph_state", null, null,
        "State of the graph: 0 built, 1 running, 2 closed"),

    /**
     * Index (the edge's entity id) of the bottleneck edge, -1 when no edge holds the flow back.
     */
    GRAPH_BOTTLENECK(101, GRAPH, GAUGE, STATE, "sluice_graph_bottleneck_edge", null, null,
        "Entity id of the edge nearest the sinks that held the flow back in the last window, -1 if none"),

    /**
     * Times the publisher copied the graph's counters into the file.
     */
    GRAPH_PUBLICATIONS(102, GRAPH, COUNTER, COUNT, "sluice_graph_publications", null, null,
        "Times the graph's counters were published to the counters file"),

    // ---------------------------------------------------------------------------------------------------------------
    // edge (channel)
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * The edge's descriptor; its value is the capacity in messages.
     */
    EDGE_INFO(200, EDGE, INFO, COUNT, "sluice_edge_capacity", null, null,
        "Capacity of the channel in messages"),
    /**
     * Messages offered to the channel (every outcome of offer or commit on an open channel).
     */
    EDGE_OFFERED(201, EDGE, COUNTER, COUNT, "sluice_edge_offered", null, null,
        "Messages offered to the channel (every outcome of offer or commit on an open channel)"),
    /**
     * Messages accepted into memory.
     */
    EDGE_ACCEPTED(202, EDGE, COUNTER, COUNT, "sluice_edge_accepted", null, null,
        "Messages accepted into memory"),
    /**
     * Messages handed to the consumer.
     */
    EDGE_DELIVERED(203, EDGE, COUNTER, COUNT, "sluice_edge_delivered", "source", "memory",
        "Messages handed to the consumer"),
    /**
     * Messages handed to the consumer.
     */
    EDGE_DELIVERED_FROM_SPILL(204, EDGE, COUNTER, COUNT, "sluice_edge_delivered", "source", "spill",
        "Messages handed to the consumer"),
    /**
     * Messages dropped by an overflow policy.
     */
    EDGE_DROPPED_NEWEST(205, EDGE, COUNTER, COUNT, "sluice_edge_dropped", "reason", "newest",
        "Messages dropped by an overflow policy"),
    /**
     * Messages dropped by an overflow policy.
     */
    EDGE_DROPPED_OLDEST(206, EDGE, COUNTER, COUNT, "sluice_edge_dropped", "reason", "oldest",
        "Messages dropped by an overflow policy"),
    /**
     * Messages handed to the overflow sink (SHED).
     */
    EDGE_SHED(207, EDGE, COUNTER, COUNT, "sluice_edge_shed", null, null,
        "Messages handed to the overflow sink (SHED)"),
    /**
     * Messages appended to the spill store.
     */
    EDGE_SPILLED(208, EDGE, COUNTER, COUNT, "sluice_edge_spilled", null, null,
        "Messages appended to the spill store"),
    /**
     * Messages a reopened spill store held from before the channel existed.
     */
    EDGE_RECOVERED(209, EDGE, COUNTER, COUNT, "sluice_edge_recovered", null, null,
        "Messages a reopened spill store held from before the channel existed"),
    /**
     * Spill appends the store refused (each also counted by its fallback's outcome).
     */
    EDGE_SPILL_REFUSED(210, EDGE, COUNTER, COUNT, "sluice_edge_spill_refused", null, null,
        "Spill appends the store refused (each also counted by its fallback's outcome)"),
    /**
     * Offers refused with REJECTED (fail fast, or a refusing sink or store).
     */
    EDGE_REJECTED(211, EDGE, COUNTER, COUNT, "sluice_edge_rejected", null, null,
        "Offers refused with REJECTED (fail fast, or a refusing sink or store)"),
    /**
     * Blocking offers whose deadline passed.
     */
    EDGE_TIMED_OUT(212, EDGE, COUNTER, COUNT, "sluice_edge_timed_out", null, null,
        "Blocking offers whose deadline passed"),
    /**
     * tryOffer and tryClaim calls refused with BACK_PRESSURED (not offers).
     */
    EDGE_BACK_PRESSURED(213, EDGE, COUNTER, COUNT, "sluice_edge_back_pressured", null, null,
        "tryOffer and tryClaim calls refused with BACK_PRESSURED (not offers)"),
    /**
     * Binary claims aborted (not offers).
     */
    EDGE_ABORTED(214, EDGE, COUNTER, COUNT, "sluice_edge_aborted", null, null,
        "Binary claims aborted (not offers)"),
    /**
     * Times the channel turned unwritable.
     */
    EDGE_UNWRITABLE_EPISODES(215, EDGE, COUNTER, COUNT, "sluice_edge_unwritable_episodes", null, null,
        "Times the channel turned unwritable"),
    /**
     * Time the channel spent unwritable (backpressured).
     */
    EDGE_UNWRITABLE_TIME(216, EDGE, COUNTER, NANOSECONDS, "sluice_edge_unwritable", null, null,
        "Time the channel spent unwritable (backpressured)"),
    /**
     * Messages in memory not yet delivered.
     */
    EDGE_DEPTH(217, EDGE, GAUGE, COUNT, "sluice_edge_depth", null, null,
        "Messages in memory not yet delivered"),
    /**
     * Messages in memory not yet delivered, measured from the queue.
     */
    EDGE_IN_FLIGHT(218, EDGE, GAUGE, COUNT, "sluice_edge_in_flight", null, null,
        "Messages in memory not yet delivered, measured from the queue"),
    /**
     * Spilled or recovered messages not yet delivered back.
     */
    EDGE_SPILL_PENDING(219, EDGE, GAUGE, COUNT, "sluice_edge_spill_pending", null, null,
        "Spilled or recovered messages not yet delivered back"),
    /**
     * Credits granted by the consumer and not yet spent.
     */
    EDGE_CREDITS(220, EDGE, GAUGE, COUNT, "sluice_edge_credits", null, null,
        "Credits granted by the consumer and not yet spent"),
    /**
     * Depth at which the channel turns unwritable.
     */
    EDGE_HIGH_WATER_MARK(221, EDGE, GAUGE, COUNT, "sluice_edge_high_water_mark", null, null,
        "Depth at which the channel turns unwritable"),
    /**
     * Depth at which an unwritable channel turns writable again.
     */
    EDGE_LOW_WATER_MARK(222, EDGE, GAUGE, COUNT, "sluice_edge_low_water_mark", null, null,
        "Depth at which an unwritable channel turns writable again"),
    /**
     * Depth over capacity.
     */
    EDGE_UTILISATION(223, EDGE, GAUGE, PPM, "sluice_edge_utilisation", null, null,
        "Depth over capacity"),
    /**
     * 1 if the channel accepts offers, 0 while it is backpressured.
     */
    EDGE_WRITABLE(224, EDGE, GAUGE, FLAG, "sluice_edge_writable", null, null,
        "1 if the channel accepts offers, 0 while it is backpressured"),
    /**
     * 1 once the channel is closed.
     */
    EDGE_CLOSED(225, EDGE, GAUGE, FLAG, "sluice_edge_closed", null, null,
        "1 once the channel is closed"),
    /**
     * 1 if the graph named this edge its bottleneck in the last window.
     */
    EDGE_BOTTLENECK(226, EDGE, GAUGE, FLAG, "sluice_edge_bottleneck", null, null,
        "1 if the graph named this edge its bottleneck in the last window"),
    /**
     * Sampled time in the channel: quantiles over the last window, count and sum since registration.
     */
    EDGE_WAIT_P50(230, EDGE, QUANTILE, NANOSECONDS, "sluice_edge_wait", "quantile", "0.5",
        "Sampled time in the channel: quantiles over the last window, count and sum since registration"),
    /**
     * Sampled time in the channel: quantiles over the last window, count and sum since registration.
     */
    EDGE_WAIT_P99(231, EDGE, QUANTILE, NANOSECONDS, "sluice_edge_wait", "quantile", "0.99",
        "Sampled time in the channel: quantiles over the last window, count and sum since registration"),
    /**
     * Sampled time in the channel: quantiles over the last window, count and sum since registration.
     */
    EDGE_WAIT_P999(232, EDGE, QUANTILE, NANOSECONDS, "sluice_edge_wait", "quantile", "0.999",
        "Sampled time in the channel: quantiles over the last window, count and sum since registration"),
    /**
     * Sampled time in the channel: quantiles over the last window, count and sum since registration.
     */
    EDGE_WAIT_COUNT(233, EDGE, SUMMARY_COUNT, COUNT, "sluice_edge_wait", null, null,
        "Sampled time in the channel: quantiles over the last window, count and sum since registration"),
    /**
     * Sampled time in the channel: quantiles over the last window, count and sum since registration.
     */
    EDGE_WAIT_SUM(234, EDGE, SUMMARY_SUM, NANOSECONDS, "sluice_edge_wait", null, null,
        "Sampled time in the channel: quantiles over the last window, count and sum since registration"),
    /**
     * Longest time a sampled message spent in the channel, over the last histogram window.
     */
    EDGE_WAIT_MAX(235, EDGE, GAUGE, NANOSECONDS, "sluice_edge_wait_max", null, null,
        "Longest time a sampled message spent in the channel, over the last histogram window"),

    // ---------------------------------------------------------------------------------------------------------------
    // stage
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * The stage's descriptor; value 0 for a source, 1 for a stage, 2 for a sink.
     */
    STAGE_INFO(300, STAGE, INFO, STATE, "sluice_stage_role", null, null,
        "Role of the stage: 0 source, 1 stage, 2 sink"),
    /**
     * Messages taken from the inbound edges.
     */
    STAGE_RECEIVED(301, STAGE, COUNTER, COUNT, "sluice_stage_received", null, null,
        "Messages taken from the inbound edges"),
    /**
     * Messages whose handler returned normally.
     */
    STAGE_SUCCEEDED(302, STAGE, COUNTER, COUNT, "sluice_stage_succeeded", null, null,
        "Messages whose handler returned normally"),
    /**
     * Handler calls that threw.
     */
    STAGE_ERRORS(303, STAGE, COUNTER, COUNT, "sluice_stage_errors", null, null,
        "Handler calls that threw"),
    /**
     * Attempts after the first.
     */
    STAGE_RETRIES(304, STAGE, COUNTER, COUNT, "sluice_stage_retries", null, null,
        "Attempts after the first"),
    /**
     * Messages handed to the dead-letter sink.
     */
    STAGE_DEAD_LETTERED(305, STAGE, COUNTER, COUNT, "sluice_stage_dead_lettered", null, null,
        "Messages handed to the dead-letter sink"),
    /**
     * Messages dropped while the breaker was open (SHED action).
     */
    STAGE_SHED(306, STAGE, COUNTER, COUNT, "sluice_stage_shed", null, null,
        "Messages dropped while the breaker was open (SHED action)"),
    /**
     * Messages dropped as repeats by the dedup window.
     */
    STAGE_DUPLICATES(307, STAGE, COUNTER, COUNT, "sluice_stage_duplicates", null, null,
        "Messages dropped as repeats by the dedup window"),
    /**
     * Messages held for a retry or an open breaker (0 or 1).
     */
    STAGE_RETRYING(308, STAGE, GAUGE, COUNT, "sluice_stage_retrying", null, null,
        "Messages held for a retry or an open breaker (0 or 1)"),
    /**
     * Emitted messages held in the outbox for an edge without room.
     */
    STAGE_HELD(309, STAGE, GAUGE, COUNT, "sluice_stage_held", null, null,
        "Emitted messages held in the outbox for an edge without room"),
    /**
     * Messages sent to outbound edges (one per edge reached).
     */
    STAGE_EMITTED(310, STAGE, COUNTER, COUNT, "sluice_stage_emitted", null, null,
        "Messages sent to outbound edges (one per edge reached)"),
    /**
     * Duty cycles the stage ran.
     */
    STAGE_DUTY_CYCLES(311, STAGE, COUNTER, COUNT, "sluice_stage_duty_cycles", null, null,
        "Duty cycles the stage ran"),
    /**
     * Duty cycles that did work.
     */
    STAGE_BUSY_CYCLES(312, STAGE, COUNTER, COUNT, "sluice_stage_busy_cycles", null, null,
        "Duty cycles that did work"),
    /**
     * Highest utilisation (depth over capacity) of the stage's inbound edges; for a source, of its outbound.
     */
    STAGE_SATURATION(313, STAGE, GAUGE, PPM, "sluice_stage_saturation", null, null,
        "Highest utilisation (depth over capacity) of the stage's inbound edges; for a source, of its outbound"),
    /**
     * Circuit breaker state: -1 none, 0 closed, 1 open, 2 half-open.
     */
    STAGE_BREAKER_STATE(314, STAGE, GAUGE, STATE, "sluice_stage_breaker_state", null, null,
        "Circuit breaker state: -1 none, 0 closed, 1 open, 2 half-open"),
    /**
     * Times the circuit breaker opened.
     */
    STAGE_BREAKER_OPENED(315, STAGE, COUNTER, COUNT, "sluice_stage_breaker_opened", null, null,
        "Times the circuit breaker opened"),
    /**
     * 1 once the stage has finished.
     */
    STAGE_DONE(316, STAGE, GAUGE, FLAG, "sluice_stage_done", null, null,
        "1 once the stage has finished"),
    /**
     * Sampled handler time: quantiles over the last window, count and sum since registration.
     */
    STAGE_SERVICE_P50(330, STAGE, QUANTILE, NANOSECONDS, "sluice_stage_service", "quantile", "0.5",
        "Sampled handler time: quantiles over the last window, count and sum since registration"),
    /**
     * Sampled handler time: quantiles over the last window, count and sum since registration.
     */
    STAGE_SERVICE_P99(331, STAGE, QUANTILE, NANOSECONDS, "sluice_stage_service", "quantile", "0.99",
        "Sampled handler time: quantiles over the last window, count and sum since registration"),
    /**
     * Sampled handler time: quantiles over the last window, count and sum since registration.
     */
    STAGE_SERVICE_P999(332, STAGE, QUANTILE, NANOSECONDS, "sluice_stage_service", "quantile", "0.999",
        "Sampled handler time: quantiles over the last window, count and sum since registration"),
    /**
     * Sampled handler time: quantiles over the last window, count and sum since registration.
     */
    STAGE_SERVICE_COUNT(333, STAGE, SUMMARY_COUNT, COUNT, "sluice_stage_service", null, null,
        "Sampled handler time: quantiles over the last window, count and sum since registration"),
    /**
     * Sampled handler time: quantiles over the last window, count and sum since registration.
     */
    STAGE_SERVICE_SUM(334, STAGE, SUMMARY_SUM, NANOSECONDS, "sluice_stage_service", null, null,
        "Sampled handler time: quantiles over the last window, count and sum since registration"),
    /**
     * Longest time the handler took for a sampled message, over the last histogram window.
     */
    STAGE_SERVICE_MAX(335, STAGE, GAUGE, NANOSECONDS, "sluice_stage_service_max", null, null,
        "Longest time the handler took for a sampled message, over the last histogram window"),

    // ---------------------------------------------------------------------------------------------------------------
    // agent (user agents: declared with the builder or joined at run time)
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * 1 if the agent joined the running graph, 0 if declared with the builder; its duty cycle is in the label.
     */
    AGENT_INFO(400, AGENT, INFO, FLAG, "sluice_agent_joined", null, null,
        "1 if the agent joined the running graph, 0 if declared with the builder; its duty cycle is in the label"),
    /**
     * Calls of the agent's doWork.
     */
    AGENT_DUTY_CYCLES(401, AGENT, COUNTER, COUNT, "sluice_agent_duty_cycles", null, null,
        "Calls of the agent's doWork"),
    /**
     * Duty cycles whose doWork returned more than zero.
     */
    AGENT_BUSY_CYCLES(402, AGENT, COUNTER, COUNT, "sluice_agent_busy_cycles", null, null,
        "Duty cycles whose doWork returned more than zero"),
    /**
     * Sum of the work counts doWork returned.
     */
    AGENT_WORK(403, AGENT, COUNTER, COUNT, "sluice_agent_work", null, null,
        "Sum of the work counts doWork returned"),
    /**
     * Calls of doWork that threw (handled by the graph's error handler as before).
     */
    AGENT_ERRORS(404, AGENT, COUNTER, COUNT, "sluice_agent_errors", null, null,
        "Calls of doWork that threw (handled by the graph's error handler as before)"),
    /**
     * Busy cycles over duty cycles in the last publication interval.
     */
    AGENT_SATURATION(405, AGENT, GAUGE, PPM, "sluice_agent_saturation", null, null,
        "Busy cycles over duty cycles in the last publication interval"),
    /**
     * 1 once the agent left its duty cycle or was closed.
     */
    AGENT_CLOSED(406, AGENT, GAUGE, FLAG, "sluice_agent_closed", null, null,
        "1 once the agent left its duty cycle or was closed");

    private static final List<List<SluiceMetric>> BY_SCOPE = new ArrayList<>();

    static
    {
        for (int i = 0; i < MetricScope.values().length; i++)
        {
            BY_SCOPE.add(new ArrayList<>());
        }
        for (final SluiceMetric metric : values())
        {
            BY_SCOPE.get(metric.scope.ordinal()).add(metric);
        }
        for (int i = 0; i < BY_SCOPE.size(); i++)
        {
            BY_SCOPE.set(i, Collections.unmodifiableList(BY_SCOPE.get(i)));
        }
    }

    private final int typeId;
    private final MetricScope scope;
    private final MetricKind kind;
    private final MetricUnit unit;
    private final String family;
    private final String labelName;
    private final String labelValue;
    private final String help;

    SluiceMetric(
        final int typeId,
        final MetricScope scope,
        final MetricKind kind,
        final MetricUnit unit,
        final String baseName,
        final String labelName,
        final String labelValue,
        final String help)
    {
        this.typeId = typeId;
        this.scope = scope;
        this.kind = kind;
        this.unit = unit;
        this.family = unit == NANOSECONDS ? baseName + "_seconds" : baseName;
        this.labelName = labelName;
        this.labelValue = labelValue;
        this.help = help;
    }

    /**
     * The type id of the counter in the counters file. Sluice's type ids are 100 to 399.
     *
     * @return the type id.
     */
    public int typeId()
    {
        return typeId;
    }

    /**
     * What the counter describes.
     *
     * @return the scope.
     */
    public MetricScope scope()
    {
        return scope;
    }

    /**
     * How the value behaves.
     *
     * @return the kind.
     */
    public MetricKind kind()
    {
        return kind;
    }

    /**
     * The unit of the raw value.
     *
     * @return the unit.
     */
    public MetricUnit unit()
    {
        return unit;
    }

    /**
     * The family name in base units, without a {@code _total} suffix: {@code sluice_edge_wait_seconds},
     * {@code sluice_edge_dropped}.
     *
     * @return the family name.
     */
    public String family()
    {
        return family;
    }

    /**
     * The Prometheus name of the time series as exposed: the family, plus {@code _total} for counters, and for the
     * parts of a summary its {@code _seconds_count} and {@code _sum} series (the quantiles carry the family's name).
     *
     * @return the name.
     */
    public String prometheusName()
    {
        switch (kind)
        {
            case COUNTER:
                return family + "_total";
            case SUMMARY_COUNT:
                // the count is in COUNT, so its family has no unit suffix; its summary's family does
                return family + "_seconds_count";
            case SUMMARY_SUM:
                return family + "_sum";
            default:
                return family;
        }
    }

    /**
     * The label that tells this counter apart within its family, or null.
     *
     * @return label name, e.g. {@code reason} or {@code quantile}.
     */
    public String labelName()
    {
        return labelName;
    }

    /**
     * The value of {@link #labelName()}, or null.
     *
     * @return label value, e.g. {@code newest} or {@code 0.99}.
     */
    public String labelValue()
    {
        return labelValue;
    }

    /**
     * The quantile of a {@link MetricKind#QUANTILE} metric.
     *
     * @return the quantile between 0 and 1.
     * @throws IllegalStateException if this is not a quantile.
     */
    public double quantile()
    {
        if (kind != QUANTILE)
        {
            throw new IllegalStateException(name() + " is not a quantile");
        }
        return Double.parseDouble(labelValue);
    }

    /**
     * One line of help text for the family.
     *
     * @return the help.
     */
    public String help()
    {
        return help;
    }

    /**
     * The metrics of one scope, in declaration order (the descriptor first).
     *
     * @param scope graph, edge or stage.
     * @return the metrics.
     */
    public static List<SluiceMetric> of(final MetricScope scope)
    {
        return BY_SCOPE.get(scope.ordinal());
    }

    /**
     * The metric with a type id.
     *
     * @param typeId from the counters file.
     * @return the metric, or null for a type id this version does not know (a newer writer, or not Sluice's).
     */
    public static SluiceMetric ofTypeId(final int typeId)
    {
        for (final SluiceMetric metric : values())
        {
            if (metric.typeId == typeId)
            {
                return metric;
            }
        }
        return null;
    }
}
