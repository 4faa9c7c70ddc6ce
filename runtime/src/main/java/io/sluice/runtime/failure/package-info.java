/**
 * Failure handling for stages: what happens when a handler throws. A
 * {@link io.sluice.runtime.failure.RetryPolicy} says how often and after what wait a failed message is tried again; a
 * {@link io.sluice.runtime.failure.CircuitBreaker} stops calling a failing handler for a while (closed, open,
 * half-open) and a {@link io.sluice.runtime.failure.BreakerOpenAction} says what the stage does with messages
 * meanwhile; a message that cannot be delivered becomes a {@link io.sluice.runtime.failure.DeadLetter} (or
 * {@link io.sluice.runtime.failure.BinaryDeadLetter}) handed to a sink; a
 * {@link io.sluice.runtime.failure.DedupWindow} remembers recent message ids so that a replay or retry is delivered
 * once; and a {@link io.sluice.runtime.failure.DistinctErrorHandler} records each distinct error once, with a count,
 * so that a repeating failure does not flood the log. Everything a stage calls per message is allocation-free and
 * runs on the stage's own thread; counters are published for readers on any thread.
 */
package io.sluice.runtime.failure;
