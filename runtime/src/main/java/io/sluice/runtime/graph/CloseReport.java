package io.sluice.runtime.graph;

import java.util.Map;

/**
 * What a {@link Graph#close(long, java.util.concurrent.TimeUnit)} left behind. A graceful close that finished in
 * time leaves nothing: every edge drained, every stage done. A close whose deadline passed first reports, by count,
 * what was still in flight: messages in each edge (in memory or spilled) and messages each stage held (in its outbox,
 * or waiting for a retry). Those messages are not lost from the counters: they stay in their channels.
 *
 * @param drained        true if every stage finished and nothing is in flight.
 * @param inFlight       total messages still in edges or held by stages.
 * @param inFlightByEdge messages still in each edge, by edge name (edges with none are left out).
 * @param heldByStage    messages held by each stage, by stage name (stages with none are left out).
 */
public record CloseReport(
    boolean drained, long inFlight, Map<String, Long> inFlightByEdge, Map<String, Long> heldByStage)
{
}
