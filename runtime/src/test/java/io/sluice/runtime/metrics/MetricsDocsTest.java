package io.sluice.runtime.metrics;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The metric table in docs/observability.md lists every metric with its type id, and type ids are unique.
 */
class MetricsDocsTest
{
    @Test
    void shouldDocumentEveryMetric() throws Exception
    {
        final String doc = Files.readString(Path.of("..", "docs", "observability.md"), StandardCharsets.UTF_8);
        for (final SluiceMetric metric : SluiceMetric.values())
        {
            final String row = "| " + metric.typeId() + " | " + metric.scope().name().toLowerCase() + " | `" +
                metric.prometheusName() + "` |";
            assertTrue(doc.contains(row), "docs/observability.md has no row starting " + row);
        }
    }

    @Test
    void shouldKeepTypeIdsUniqueAndGroupedByScope()
    {
        final Set<Integer> seen = new HashSet<>();
        for (final SluiceMetric metric : SluiceMetric.values())
        {
            assertTrue(seen.add(metric.typeId()), "duplicate type id " + metric.typeId());
            assertEquals(metric.scope().code(), metric.typeId() / 100, metric + " type id outside its scope's range");
            assertEquals(metric, SluiceMetric.ofTypeId(metric.typeId()));
        }
        assertEquals(MetricKind.INFO, SluiceMetric.of(MetricScope.EDGE).get(0).kind());
    }
}
