/**
 * Agent orchestration: {@code bin/sluice examples orchestration}. A planner source fans tasks out to worker stages
 * with slow, variable service times (one worker deliberately slower) over backpressured edges; transient failures are
 * retried, poison tasks end in a dead-letter queue, each worker has a circuit breaker, a dedup window removes the
 * tasks redelivered after a simulated planner crash and the results a lost acknowledgement made a worker send twice,
 * and the planner runs at the pace of the slowest worker, which the graph names as its bottleneck.
 */
package io.sluice.examples.orchestration;
