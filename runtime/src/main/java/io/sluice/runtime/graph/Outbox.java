package io.sluice.runtime.graph;

/**
 * Where an object stage or source puts what it emits: its outbound edges. Each emit returns an
 * {@link io.sluice.queues.channel.OfferResult} code, never throws for a full or closed edge.
 * <p>
 * On an edge whose policy is {@code BLOCK} (the default for graph edges) an emit that does not fit is
 * <i>held</i> in the outbox and sent, in order, on a later duty cycle; it returns {@code ACCEPTED}, and the stage
 * takes no more input until the outbox is empty again. The outbox holds at most the stage's
 * {@code outboxCapacity} messages; an emit beyond that returns {@code BACK_PRESSURED} and the message is not
 * taken. On an edge with any other policy the emit applies that policy and returns its code.
 * <p>
 * Only the stage's own thread may call an outbox, and only from inside its handler.
 *
 * @param <O> type of the messages emitted.
 */
public interface Outbox<O>
{
    /**
     * Emit to the stage's outbound edges: to every edge if the stage broadcasts, else to the edge its partition
     * function picks.
     *
     * @param message to emit, not null.
     * @return {@code ACCEPTED} if every edge took or the outbox holds it, else the first other code.
     */
    int emit(O message);

    /**
     * Emit to one outbound edge, by its index in the order the stage's edges were declared.
     *
     * @param port    index of the outbound edge.
     * @param message to emit, not null.
     * @return as {@link #emit(Object)}.
     */
    int emit(int port, O message);

    /**
     * Number of outbound edges.
     *
     * @return the number of ports.
     */
    int ports();

    /**
     * Messages that can be emitted now without being held: the smallest room of the {@code BLOCK} edges, zero while
     * anything is held.
     *
     * @return room for emits now, never negative.
     */
    int room();
}
