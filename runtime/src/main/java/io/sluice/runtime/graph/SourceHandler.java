package io.sluice.runtime.graph;

/**
 * A source: a stage with no inbound edge. Called on every duty cycle with the room its outbound edges have.
 *
 * @param <O> type of the messages emitted.
 */
@FunctionalInterface
public interface SourceHandler<O>
{
    /**
     * Value for {@link #produce(Outbox, int)} to return when the source has nothing more, ever: the graph then
     * closes the source's outbound edges once the outbox is empty, and the stream ends downstream.
     */
    int END_OF_STREAM = -1;

    /**
     * Emit up to {@code limit} messages. Emitting more is allowed but they are held, and the source is not called
     * again until they are sent.
     *
     * @param outbox where to emit.
     * @param limit  how many messages the outbound edges accept now, at least 1.
     * @return the work done (messages emitted, 0 if none, for the idle strategy), or {@link #END_OF_STREAM}.
     * @throws Exception if producing failed; it reaches the graph's error handler and the source is called again.
     */
    int produce(Outbox<O> outbox, int limit) throws Exception;
}
