package io.sluice.examples.spill;

import io.sluice.persistence.spill.ChronicleSpillStore;
import io.sluice.persistence.spill.SpillDirectoryReader;
import io.sluice.persistence.spill.SpillOptions;
import io.sluice.queues.channel.ChannelBuilder;
import io.sluice.queues.channel.ChannelCounters;
import io.sluice.queues.channel.ChannelKind;
import io.sluice.queues.channel.ObjectChannel;
import io.sluice.queues.channel.OfferResult;
import io.sluice.queues.overflow.OverflowPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * A market data feed faster than its consumer, into a channel with the {@code SPILL} policy over a Chronicle spill
 * store and the {@link TickCodec}: overflow goes to disk in order. Then the process "stops" with overflow still on
 * disk (the consumer takes what is in memory, the store closes), a second life reopens the same directory, and the
 * recovered ticks come back first, in order, with nothing lost: the sequence numbers run unbroken across the two
 * lives. Spilling and draining back allocate nothing (the codec recycles ticks); the producer allocates the ticks it
 * offers, since the in-memory ring holds references.
 */
@Command(
    name = "spill",
    mixinStandardHelpOptions = true,
    description = "Overflow to a Chronicle spill store, a stop with overflow on disk, and a restart that delivers " +
        "it first, in order.")
public final class SpillExample implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Option(names = "--messages", defaultValue = "200000", paramLabel = "N",
        description = "Ticks the feed produces in the first life (default: ${DEFAULT-VALUE}).")
    private long messages;

    @Option(names = "--capacity", defaultValue = "1024", paramLabel = "N",
        description = "Channel capacity in messages (default: ${DEFAULT-VALUE}).")
    private int capacity;

    @Option(names = "--consumer-share", defaultValue = "3", paramLabel = "K",
        description = "The consumer takes 1 tick for every K the feed offers in the first life (default: " +
        "${DEFAULT-VALUE}).")
    private int consumerShare;

    @Option(names = "--dir", paramLabel = "DIR",
        description = "Spill directory to use and keep (default: a new one under the system temp, removed after).")
    private Path dir;

    /**
     * Run both lives and print what happened.
     *
     * @return 0 if every tick was delivered once, in order; 1 otherwise.
     */
    @Override
    public Integer call() throws IOException
    {
        if (messages < 1)
        {
            throw new ParameterException(spec.commandLine(), "--messages=" + messages + " is not allowed; allowed 1..");
        }
        if (consumerShare < 1)
        {
            throw new ParameterException(spec.commandLine(),
                "--consumer-share=" + consumerShare + " is not allowed; allowed 1..");
        }
        final PrintWriter out = spec.commandLine().getOut();
        final boolean temporary = null == dir;
        final Path directory = temporary ? Files.createTempDirectory("sluice-spill-example") : dir;
        try
        {
            final long[] lastSeen = {0};
            final long errors;
            final long firstLifeDelivered;
            out.printf("spill directory: %s%n", directory);

            // life 1: the feed outruns the consumer, overflow goes to disk
            try (ChronicleSpillStore<Tick> store = SpillOptions.directory(directory).objectStore(new TickCodec(64)))
            {
                final ObjectChannel<Tick> channel = channel(store);
                long spilled = 0;
                long errorsFirst = 0;
                for (long seq = 1; seq <= messages; seq++)
                {
                    final Tick tick = new Tick().set(seq, System.nanoTime(), (int)(seq % 16), 1_000_000 + seq % 500,
                        100);
                    final int code = channel.offer(tick);
                    if (code == OfferResult.SPILLED)
                    {
                        spilled++;
                    }
                    else if (code != OfferResult.ACCEPTED)
                    {
                        out.printf("unexpected offer result %s%n", OfferResult.toString(code));
                        return 1;
                    }
                    if (seq % consumerShare == 0)
                    {
                        errorsFirst += consume(channel, 1, lastSeen);
                    }
                }
                // the process stops: the consumer finishes what is in memory; the overflow stays on disk
                final ChannelCounters counters = channel.counters(new ChannelCounters());
                errorsFirst += consume(channel, (int)counters.depth(), lastSeen);
                channel.counters(counters);
                firstLifeDelivered = counters.delivered();
                errors = errorsFirst;
                out.printf("life 1: offered %,d, spilled %,d, delivered %,d (last sequence %,d), pending on disk %,d%n",
                    counters.offered(), spilled, counters.delivered(), lastSeen[0], store.pendingMessages());
            }

            try (SpillDirectoryReader reader = SpillDirectoryReader.open(directory))
            {
                final long[] pending = reader.pending();
                out.printf("between lives: %,d ticks (%,d bytes) pending in %d file(s), acknowledged index %x%n",
                    pending[0], pending[1], reader.files().size(), reader.acknowledgedIndex());
            }

            // life 2: the same directory; recovered ticks first, then the feed goes on behind them
            try (ChronicleSpillStore<Tick> store = SpillOptions.directory(directory).objectStore(new TickCodec(64)))
            {
                final ObjectChannel<Tick> channel = channel(store);
                final long recovered = store.recovered();
                final long next = messages + 1;
                final int code = channel.offer(new Tick().set(next, System.nanoTime(), 0, 1_000_000, 100));
                long errorsSecond = 0;
                while (true)
                {
                    final int taken = (int)Math.min(Integer.MAX_VALUE, channel.counters(new ChannelCounters())
                        .spilledPending() + channel.counters(new ChannelCounters()).depth());
                    if (taken == 0)
                    {
                        break;
                    }
                    errorsSecond += consume(channel, taken, lastSeen);
                }
                final ChannelCounters counters = channel.counters(new ChannelCounters());
                out.printf("life 2: recovered %,d, then offered %,d (%s), delivered %,d, last sequence %,d%n",
                    recovered, counters.offered(), OfferResult.toString(code), counters.delivered(), lastSeen[0]);
                out.printf("life 2 identity: offered %,d + recovered %,d = delivered %,d + spilledPending %,d + " +
                    "inFlight %,d: %s%n", counters.offered(), counters.recovered(), counters.delivered(),
                    counters.spilledPending(), counters.inFlight(), counters.isConserved() ? "holds" : "BROKEN");
                final long total = firstLifeDelivered + counters.delivered();
                final boolean complete = errors + errorsSecond == 0 && lastSeen[0] == next && total == next &&
                    counters.isConserved();
                out.printf("%s: %,d ticks delivered across two lives, sequence 1..%,d unbroken and in order%n",
                    complete ? "nothing lost" : "LOSS OR DISORDER", total, next);
                return complete ? 0 : 1;
            }
        }
        finally
        {
            if (temporary)
            {
                deleteRecursively(directory);
            }
        }
    }

    private ObjectChannel<Tick> channel(final ChronicleSpillStore<Tick> store)
    {
        return ChannelBuilder.<Tick>channel("ticks").kind(ChannelKind.OBJECT_SPSC).capacity(capacity)
            .policy(OverflowPolicy.SPILL).spillStore(store).buildObjectChannel();
    }

    /**
     * Take up to {@code limit} ticks, checking each follows the last one seen.
     *
     * @return the number of ticks out of sequence.
     */
    private static long consume(final ObjectChannel<Tick> channel, final int limit, final long[] lastSeen)
    {
        final long[] outOfOrder = {0};
        channel.drain(tick ->
        {
            if (tick.sequence() != lastSeen[0] + 1)
            {
                outOfOrder[0]++;
            }
            lastSeen[0] = tick.sequence();
        }, limit);
        return outOfOrder[0];
    }

    private static void deleteRecursively(final Path path) throws IOException
    {
        if (!Files.exists(path))
        {
            return;
        }
        try (Stream<Path> walk = Files.walk(path))
        {
            for (final Path p : (Iterable<Path>)walk.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.deleteIfExists(p);
            }
        }
    }
}
