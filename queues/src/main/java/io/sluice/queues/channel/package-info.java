/**
 * Channels: the bounded edges between agents. A channel is one of four kinds ({@link
 * io.sluice.queues.channel.ChannelKind}): object or binary, single or multiple producers, always one consumer.
 * Each carries credits (the consumer's request-n grants; the producer spends one per message), high and low water
 * marks (the channel turns unwritable at the high mark and writable again at the low mark), an {@link
 * io.sluice.queues.overflow.OverflowPolicy} for what {@code offer} does while it is unwritable or out of credit,
 * and counters from which the conservation identity of every channel can be checked:
 * <pre>
 * offered = delivered + droppedNewest + droppedOldest + shed + spilledPending + rejected + timedOut + inFlight
 * </pre>
 * Outcomes are {@link io.sluice.queues.channel.OfferResult} return codes, never exceptions; exceptions mean misuse.
 * Nothing on the offer, poll, drain or credit path allocates.
 */
package io.sluice.queues.channel;
