package io.sluice.runtime.graph;

/**
 * A binary source: a stage with no inbound edge, emitting binary messages.
 */
@FunctionalInterface
public interface BinarySourceHandler
{
    /**
     * Emit up to {@code limit} messages, as {@link SourceHandler#produce(Outbox, int)}.
     *
     * @param outbox where to emit.
     * @param limit  how many messages the outbound edges accept now, at least 1.
     * @return the work done, or {@link SourceHandler#END_OF_STREAM}.
     * @throws Exception if producing failed; it reaches the graph's error handler.
     */
    int produce(BinaryOutbox outbox, int limit) throws Exception;
}
