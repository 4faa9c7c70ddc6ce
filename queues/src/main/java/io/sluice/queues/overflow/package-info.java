/**
 * Overflow: what a channel does with a message it cannot take now. One {@link io.sluice.queues.overflow.OverflowPolicy}
 * per channel ({@code BLOCK}, {@code DROP_NEWEST}, {@code DROP_OLDEST}, {@code FAIL_FAST}, {@code SHED},
 * {@code SPILL}) and the service-provider interfaces the last two hand messages to: an overflow sink (for example a
 * dead-letter queue) and a spill store that keeps overflow in order and gives it back to the consumer. The
 * {@code queues} module only defines these SPIs and ships bounded in-memory implementations; durable ones live in
 * the persistence module.
 */
package io.sluice.queues.overflow;
