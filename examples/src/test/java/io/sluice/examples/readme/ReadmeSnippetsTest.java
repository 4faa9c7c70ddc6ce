package io.sluice.examples.readme;

import io.sluice.queues.channel.BinaryChannel;
import io.sluice.queues.channel.ChannelBuilder;
import io.sluice.queues.channel.ChannelKind;
import io.sluice.queues.channel.OfferResult;
import io.sluice.runtime.graph.CloseReport;
import io.sluice.runtime.graph.Outbox;
import io.sluice.runtime.graph.SourceHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadmeSnippetsTest
{
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    @Test
    void shouldDeliverTheObjectSnippetsMessage()
    {
        final List<Long> seen = new ArrayList<>();
        assertEquals(1, ReadmeSnippets.objectChannel(seen::add));
        assertEquals(List.of(42L), seen);
    }

    @Test
    void shouldDeliverTheBinarySnippetsClaimedMessage()
    {
        final BinaryChannel channel = ChannelBuilder.channel("quotes").kind(ChannelKind.BINARY_SPSC)
            .maxMessageLength(64).buildBinaryChannel();
        assertEquals(OfferResult.ACCEPTED, ReadmeSnippets.binaryClaim(channel, 101L, 5L));
        final long[] fields = new long[3];
        assertEquals(1, channel.drain((typeId, buffer, offset, length) ->
        {
            fields[0] = typeId;
            fields[1] = buffer.getLong(offset);
            fields[2] = buffer.getLong(offset + 8);
        }, 10));
        assertEquals(ReadmeSnippets.MSG_TYPE, fields[0]);
        assertEquals(101L, fields[1]);
        assertEquals(5L, fields[2]);
    }

    @Test
    void shouldRunTheEmbeddedSnippetOnTheCallersThread()
    {
        final List<Long> booked = new ArrayList<>();
        final long[] next = {1};
        final int[] ownWork = {0};
        final Thread caller = Thread.currentThread();
        final CloseReport report = ReadmeSnippets.embedded((Outbox<Long> out, int limit) ->
        {
            if (next[0] > 1000)
            {
                return SourceHandler.END_OF_STREAM;
            }
            out.emit(next[0]++);
            return 1;
        }, (Long m) ->
        {
            assertEquals(caller, Thread.currentThread(), "the sink ran on the caller's thread");
            booked.add(m);
        }, () -> ++ownWork[0] > 0 ? 0 : 1);
        assertTrue(report.drained(), report.toString());
        assertEquals(1000, booked.size());
        assertEquals(1000L, booked.get(999));
        assertTrue(ownWork[0] >= 1000, "the loop's own work ran every cycle: " + ownWork[0]);
    }

    @Test
    void shouldRunTheGraphSnippetWithoutLoss()
    {
        final List<Long> published = new ArrayList<>();
        final long[] next = {0};
        final CloseReport report = ReadmeSnippets.graph((Outbox<Long> out, int limit) ->
        {
            if (next[0] == 100_000)
            {
                return SourceHandler.END_OF_STREAM;
            }
            out.emit(next[0]++);
            return 1;
        }, published::add);
        assertTrue(report.drained(), report.toString());
        assertEquals(next[0], published.size(), "everything the source emitted before close was published");
        for (int i = 0; i < published.size(); i++)
        {
            assertEquals(i * 100L, published.get(i));
        }
    }

    @Test
    void shouldServeTheGraphsCountersToPrometheus(@TempDir final Path dir) throws Exception
    {
        final long[] next = {0};
        final String scrape = ReadmeSnippets.observability(dir, (Outbox<Long> out, int limit) ->
        {
            if (next[0] == 10_000)
            {
                return SourceHandler.END_OF_STREAM;
            }
            out.emit(next[0]++);
            return 1;
        });
        assertTrue(scrape.contains(
            "sluice_edge_offered_total{edge=\"sensor->store\",graph=\"telemetry\",policy=\"BLOCK\"} 10000"),
            scrape);
    }

    @Test
    void shouldSpillAndDeliverEveryTickInOrder(@TempDir final Path dir)
    {
        final List<Long> delivered = ReadmeSnippets.spill(dir, 10_000);
        assertEquals(10_000, delivered.size());
        for (int i = 0; i < delivered.size(); i++)
        {
            assertEquals(i + 1L, delivered.get(i));
        }
    }

    @Test
    void shouldQuoteEverySnippetInTheReadmeExactly() throws IOException
    {
        final String source = Files.readString(
            ROOT.resolve("examples/src/main/java/io/sluice/examples/readme/ReadmeSnippets.java"));
        final String readme = Files.readString(ROOT.resolve("README.md"));
        final List<String> snippets = snippets(source);
        assertFalse(snippets.isEmpty());
        for (final String snippet : snippets)
        {
            assertTrue(readme.contains(snippet), "README does not quote:\n" + snippet);
        }
    }

    private static List<String> snippets(final String source)
    {
        final List<String> snippets = new ArrayList<>();
        final String[] lines = source.split("\n");
        List<String> current = null;
        int indent = 0;
        for (final String line : lines)
        {
            if (line.trim().startsWith("// README:begin"))
            {
                current = new ArrayList<>();
                indent = line.indexOf('/');
            }
            else if (line.trim().equals("// README:end"))
            {
                final int cut = indent;
                snippets.add(current.stream()
                    .map((l) -> l.length() >= cut ? l.substring(cut) : l.trim())
                    .collect(Collectors.joining("\n")));
                current = null;
            }
            else if (null != current)
            {
                current.add(line);
            }
        }
        return snippets;
    }
}
