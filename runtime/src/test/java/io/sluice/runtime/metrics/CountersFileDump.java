package io.sluice.runtime.metrics;

import java.nio.file.Path;

/**
 * Child-JVM side of {@link SecondProcessReadTest}: maps a counters file from another process and prints one line per
 * entity, {@code <scope> <graph>/<name> <METRIC>=<value> ...}, then {@code pid <writer pid>}.
 */
public final class CountersFileDump
{
    private CountersFileDump()
    {
    }

    /**
     * Print the counters of a file.
     *
     * @param args the counters file.
     */
    public static void main(final String[] args)
    {
        try (CountersFileReader reader = CountersFileReader.open(Path.of(args[0])))
        {
            final MetricsSnapshot snapshot = reader.snapshot();
            for (final GraphSnapshot graph : snapshot.graphs())
            {
                print(graph.name(), graph.graph());
                graph.edges().forEach((edge) -> print(graph.name(), edge));
                graph.stages().forEach((stage) -> print(graph.name(), stage));
                System.out.println("bottleneck " + graph.name() + " " + graph.bottleneck());
            }
            System.out.println("pid " + snapshot.pid() + " live " + reader.isLive());
        }
    }

    private static void print(final String graph, final EntitySnapshot entity)
    {
        final StringBuilder line = new StringBuilder()
            .append(entity.scope().name().toLowerCase()).append(' ').append(graph).append('/').append(entity.name());
        for (final SluiceMetric metric : SluiceMetric.of(entity.scope()))
        {
            line.append(' ').append(metric.name()).append('=').append(entity.value(metric));
        }
        System.out.println(line);
    }
}
