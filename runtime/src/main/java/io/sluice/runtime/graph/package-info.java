/**
 * Stages and graphs: the nodes of a Sluice pipeline and the wiring that makes a slow sink throttle its source
 * through every stage in between. A {@link io.sluice.runtime.graph.GraphBuilder} declares sources, stages and sinks
 * (object or binary), the edges between them (each a channel with its own settings; fan-out by broadcast or by
 * partition key, fan-in over an MPSC edge), user agents and the threading mode; the built
 * {@link io.sluice.runtime.graph.Graph} runs them on Agrona runners, reports the bottleneck edge and closes
 * gracefully. Each stage retries failed messages, guards its handler with a circuit breaker, hands what keeps
 * failing to a dead-letter sink and drops repeats with a dedup window.
 */
package io.sluice.runtime.graph;
