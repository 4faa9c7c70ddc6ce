package io.sluice.runtime.metrics;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CounterLabelsTest
{
    @Test
    void shouldRoundTripNamesWithSpacesEqualsPercentAndUnicode()
    {
        final Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("graph", "market data");
        attributes.put("name", "a=b->c%d");
        attributes.put("policy", "SPILL");
        attributes.put("to", "Zürich");
        final String label = CounterLabels.format(MetricScope.EDGE, attributes);
        assertEquals("edge graph=market%20data name=a%3Db->c%25d policy=SPILL to=Z%C3%BCrich", label);
        assertEquals(attributes, CounterLabels.parse(label));
    }

    @Test
    void shouldClampSamplesAboveTheRangeAndStillCountThem()
    {
        final LatencyRecorder recorder = new LatencyRecorder(TimeUnit.MILLISECONDS.toNanos(1), 2, 1);
        recorder.record(500);
        recorder.record(TimeUnit.SECONDS.toNanos(5));
        assertEquals(2, recorder.count());
        assertEquals(500 + TimeUnit.SECONDS.toNanos(5), recorder.sum());
        final var histogram = recorder.interval(null);
        assertEquals(2, histogram.getTotalCount());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(1), histogram.highestEquivalentValue(histogram.getMaxValue()),
            TimeUnit.MICROSECONDS.toNanos(20));
    }
}
