package io.sluice.runtime.graph;

/**
 * A sink: a stage with no outbound edge.
 *
 * @param <I> type of the messages received.
 */
@FunctionalInterface
public interface SinkHandler<I>
{
    /**
     * Handle one message; a throw fails the attempt exactly as for {@link StageHandler#onMessage}.
     *
     * @param message the message, in edge order.
     * @throws Exception to fail the attempt.
     */
    void onMessage(I message) throws Exception;
}
