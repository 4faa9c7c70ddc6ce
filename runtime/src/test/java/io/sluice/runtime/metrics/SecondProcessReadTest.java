package io.sluice.runtime.metrics;

import io.sluice.queues.channel.ChannelCounters;
import io.sluice.runtime.graph.Graph;
import io.sluice.runtime.graph.StageCounters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A second JVM maps the counters file of a running graph and sees the values the graph reports in-process.
 */
class SecondProcessReadTest
{
    @Test
    void shouldShowAnotherProcessTheValuesTheGraphReports(@TempDir final Path dir) throws Exception
    {
        final int total = 50_000;
        try (SluiceMetrics metrics = SluiceMetrics.start(new MetricsOptions().directory(dir).waitTimeSampling(8)))
        {
            final Graph graph = SluiceMetricsTest.pipeline(metrics, total);
            SluiceMetricsTest.runToEnd(graph);
            metrics.publishNow();

            final Map<String, Map<String, Long>> seen = dump(metrics.file());

            final ChannelCounters counters = new ChannelCounters();
            for (final String edge : graph.edgeNames())
            {
                graph.edgeCounters(edge, counters);
                final Map<String, Long> values = seen.get("edge telemetry/" + edge);
                assertNotNull(values, "child did not see edge " + edge + ": " + seen.keySet());
                assertEquals(counters.offered(), values.get("EDGE_OFFERED"), edge);
                assertEquals(counters.accepted(), values.get("EDGE_ACCEPTED"), edge);
                assertEquals(counters.deliveredFromMemory(), values.get("EDGE_DELIVERED"), edge);
                assertEquals(counters.depth(), values.get("EDGE_DEPTH"), edge);
                assertEquals(counters.credits(), values.get("EDGE_CREDITS"), edge);
                assertEquals(counters.unwritableCount(), values.get("EDGE_UNWRITABLE_EPISODES"), edge);
                assertEquals(graph.waitTime(edge).count(), values.get("EDGE_WAIT_COUNT"), edge);
                assertEquals(total / 8, values.get("EDGE_WAIT_COUNT"), edge);
            }
            final StageCounters stageCounters = new StageCounters();
            for (final String stage : graph.stageNames())
            {
                graph.stageCounters(stage, stageCounters);
                final Map<String, Long> values = seen.get("stage telemetry/" + stage);
                assertNotNull(values, "child did not see stage " + stage + ": " + seen.keySet());
                assertEquals(stageCounters.received(), values.get("STAGE_RECEIVED"), stage);
                assertEquals(stageCounters.emitted(), values.get("STAGE_EMITTED"), stage);
                assertEquals(stageCounters.dutyCycles(), values.get("STAGE_DUTY_CYCLES"), stage);
            }
            assertEquals(1L, seen.get("graph telemetry/telemetry").get("GRAPH_INFO"), "running");
            assertEquals(ProcessHandle.current().pid(), seen.get("pid").get("pid"));
            assertEquals(1L, seen.get("pid").get("live"));
            graph.close();
        }
    }

    private static Map<String, Map<String, Long>> dump(final Path file) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (final String flag : System.getProperty("sluice.jvm.flags", "").split("\\s+"))
        {
            if (!flag.isBlank())
            {
                command.add(flag);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CountersFileDump.class.getName(),
            file.toString()));
        final Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        final Map<String, Map<String, Long>> seen = new HashMap<>();
        try (BufferedReader out = new BufferedReader(
            new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while (null != (line = out.readLine()))
            {
                final String[] words = line.split(" ");
                if ("pid".equals(words[0]))
                {
                    seen.put("pid", Map.of("pid", Long.parseLong(words[1]), "live",
                        Boolean.parseBoolean(words[3]) ? 1L : 0L));
                    continue;
                }
                if ("bottleneck".equals(words[0]))
                {
                    continue;
                }
                final Map<String, Long> values = new HashMap<>();
                for (int i = 2; i < words.length; i++)
                {
                    final int equals = words[i].indexOf('=');
                    values.put(words[i].substring(0, equals), Long.parseLong(words[i].substring(equals + 1)));
                }
                seen.put(words[0] + " " + words[1], values);
            }
        }
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish in 60 s");
        assertEquals(0, child.exitValue(), "child JVM failed");
        return seen;
    }
}
