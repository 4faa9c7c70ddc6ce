package io.sluice.runtime.graph;

import org.agrona.ErrorHandler;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.NanoClock;

/**
 * What every agent of one graph shares: the close signal, the clocks and the error handler.
 */
final class GraphControl
{
    final NanoClock nanoClock;
    final EpochNanoClock epochClock;
    final ErrorHandler errorHandler;
    private volatile boolean closing;

    GraphControl(final NanoClock nanoClock, final EpochNanoClock epochClock, final ErrorHandler errorHandler)
    {
        this.nanoClock = nanoClock;
        this.epochClock = epochClock;
        this.errorHandler = errorHandler;
    }

    boolean isClosing()
    {
        return closing;
    }

    void signalClose()
    {
        closing = true;
    }
}
