package io.sluice.metrics.opentelemetry;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;

import java.util.Collection;

/**
 * A metric reader that collects when asked, on the caller's thread, as the SDK's periodic reader does on its own
 * (what {@code InMemoryMetricReader} of {@code opentelemetry-sdk-testing} does, without that artifact's test
 * dependencies). Cumulative temporality; it starts no thread.
 * <p>
 * <b>Note:</b> thread-safe as far as the SDK's collection is.
 */
final class PullReader implements MetricReader
{
    private volatile CollectionRegistration registration = CollectionRegistration.noop();

    /**
     * Collect every instrument of the meter provider now: runs the registered callbacks on this thread.
     *
     * @return the metrics collected.
     */
    Collection<MetricData> collect()
    {
        return registration.collectAllMetrics();
    }

    @Override
    public void register(final CollectionRegistration registration)
    {
        this.registration = registration;
    }

    @Override
    public AggregationTemporality getAggregationTemporality(final InstrumentType instrumentType)
    {
        return AggregationTemporality.CUMULATIVE;
    }

    @Override
    public CompletableResultCode forceFlush()
    {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown()
    {
        registration = CollectionRegistration.noop();
        return CompletableResultCode.ofSuccess();
    }
}
