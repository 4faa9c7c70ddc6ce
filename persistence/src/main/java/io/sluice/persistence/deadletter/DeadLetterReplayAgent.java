package io.sluice.persistence.deadletter;

import io.sluice.persistence.StoreDirectoryException;
import io.sluice.persistence.codec.Codec;
import io.sluice.queues.channel.BinaryChannel;
import io.sluice.queues.channel.ObjectChannel;
import org.agrona.concurrent.Agent;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Replays dead letters into edges of this process's running graph on request from another process: the
 * {@code bin/sluice dlq replay DIR --to-edge EDGE} tool writes a {@link ReplayRequest} into the store directory, and
 * this agent, in the graph's duty cycle, takes it, replays through a {@link ReplayCursor} into the edge's
 * {@link ReplayTarget}, and reports in a {@link ReplayStatus} that the tool follows.
 * <pre>{@code
 * DeadLetterReplayAgent replay = new DeadLetterReplayAgent(dir);    // the store directory
 * builder.agent(replay);                                            // in the graph's duty cycle
 * Graph graph = builder.build();
 * replay.objectEdge("orders->parse", (ObjectChannel<String>)graph.channel("orders->parse"), Codecs.utf8());
 * graph.start();
 * }</pre>
 * Edges are added before the agent's first duty cycle: built with the graph as above (every threading mode), or
 * given to the constructor as a map and the agent {@code graph.join}ed to a graph that runs (in
 * {@link io.sluice.runtime.agent.ThreadingMode#INVOKER} mode right after {@code start()}).
 * <p>
 * Opt-in and cheap: it looks for request files ({@code replay-requests/*.request}) at most once per poll interval
 * (100 ms by default), by a clock check in {@link #doWork()}, and returns 0 when it has nothing to do, so the duty
 * cycle's idle strategy backs off. It never blocks the duty cycle: each cycle it replays at most a batch of records
 * ({@link ReplayCursor#replayAvailable}), and an edge that is full ({@code BACK_PRESSURED}) is tried again on a later
 * cycle, the refused record first; nothing is dropped. The cursor's durable mark advances after each record the
 * edge takes, so a replay interrupted by a crash of either process, or by the graph closing, resumes there on the
 * next request with the same cursor name, and a record is never replayed twice by the same cursor (but for the one
 * record a crash can catch between the edge taking it and the mark moving).
 * <p>
 * Requests are claimed (their file deleted) as found, answered {@link ReplayStatus.State#QUEUED}, and replayed one
 * at a time in the order of their ids (which begin with their creation time). For each, the agent opens its own
 * {@link DeadLetterReader} and the request's cursor on its own thread (a few milliseconds, once per request; Chronicle
 * tailers belong to one thread), and closes both when the request ends, so nothing stays open between requests. The
 * status is written when a request is claimed, about every 100 ms while it runs (a heartbeat, even while the edge is
 * full), and at the end; a queued request's status about every second. A request for an edge this agent has no
 * target for is left for half a second to another agent on the same store that may know the edge, then claimed and
 * failed with a message that names the edge and the edges this agent knows. A request its writer abandoned (expired
 * for more than 5 seconds) is dropped. Status and temporary files older than an hour are deleted.
 * <p>
 * When the graph closes (or the agent leaves it), {@link #onClose()} ends the replay that is running, and the
 * requests queued behind it, as {@link ReplayStatus.State#FAILED}, their cursors' marks kept.
 * <p>
 * The targets' edges: on an SPSC edge, the agent must run on the thread of the edge's producer (a shared thread, an
 * invoker, or the producer's group), or the producer must not be running; otherwise give it MPSC edges.
 * <p>
 * <b>Note:</b> not thread-safe: it runs on its graph's duty-cycle thread only, like the stages. It is built, and its
 * edges added, on another thread before the graph starts or before it is joined (both publish it). Its targets must
 * not be used by another thread once it runs.
 */
public final class DeadLetterReplayAgent implements Agent
{
    /** Records replayed at most per duty cycle, by default. */
    public static final int DEFAULT_BATCH_SIZE = 256;
    /** Largest batch allowed. */
    public static final int MAX_BATCH_SIZE = 65_536;
    /** Milliseconds between looks for new requests, by default. */
    public static final long DEFAULT_POLL_INTERVAL_MS = 100;
    /** Milliseconds between status writes of a running replay. */
    public static final long STATUS_INTERVAL_MS = 100;

    static final long QUEUED_HEARTBEAT_MS = 1_000;
    static final long UNKNOWN_EDGE_GRACE_MS = 500;
    static final long EXPIRED_GRACE_MS = 5_000;
    static final long RETENTION_MS = TimeUnit.HOURS.toMillis(1);
    static final long PRUNE_INTERVAL_MS = TimeUnit.MINUTES.toMillis(1);
    private static final long MIN_POLL_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_POLL_INTERVAL_NS = TimeUnit.MINUTES.toNanos(1);

    private final Path path;
    private final Path requests;
    private final Map<String, ReplayTarget> targets = new TreeMap<>();
    private final int batchSize;
    private final long pollIntervalNs;
    private final String roleName;
    private final long pid = ProcessHandle.current().pid();
    private final ArrayDeque<ReplayRequest> queued = new ArrayDeque<>();
    private final List<Path> found = new ArrayList<>();

    private ReplayRequest current;
    private DeadLetterReader reader;
    private ReplayCursor cursor;
    private ReplayTarget target;
    private long replayed;
    private long nextPollNs;
    private long nextStatusNs;
    private long nextQueuedHeartbeatNs;
    private long nextPruneNs;
    private boolean running;
    private boolean polled;
    private boolean pruned;
    private boolean closed;
    private StoreDirectoryException writeError;

    /**
     * An agent with no edges yet (add them with {@link #edge}, {@link #objectEdge} or {@link #binaryEdge} before it
     * runs), the default batch size and poll interval.
     *
     * @param storeDirectory the dead-letter store's directory, whose requests it answers.
     * @throws StoreDirectoryException if the directory is not a readable dead-letter store.
     */
    public DeadLetterReplayAgent(final Path storeDirectory)
    {
        this(storeDirectory, Map.of());
    }

    /**
     * An agent with the default batch size and poll interval.
     *
     * @param storeDirectory the dead-letter store's directory, whose requests it answers.
     * @param targets        edge name to the target that replays into that edge (see {@link ReplayTargets}).
     * @throws StoreDirectoryException  if the directory is not a readable dead-letter store.
     * @throws IllegalArgumentException if an edge name is blank.
     */
    public DeadLetterReplayAgent(final Path storeDirectory, final Map<String, ReplayTarget> targets)
    {
        this(storeDirectory, targets, DEFAULT_BATCH_SIZE, DEFAULT_POLL_INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * An agent.
     *
     * @param storeDirectory the dead-letter store's directory, whose requests it answers.
     * @param targets        edge name to the target that replays into that edge (see {@link ReplayTargets}).
     * @param batchSize      records replayed at most per duty cycle, 1 to {@value #MAX_BATCH_SIZE}.
     * @param pollInterval   time between looks for new requests, 1 ms to 1 minute.
     * @param unit           of the poll interval.
     * @throws StoreDirectoryException  if the directory is not a readable dead-letter store.
     * @throws IllegalArgumentException naming the setting, its value and what is allowed.
     */
    public DeadLetterReplayAgent(
        final Path storeDirectory,
        final Map<String, ReplayTarget> targets,
        final int batchSize,
        final long pollInterval,
        final TimeUnit unit)
    {
        Objects.requireNonNull(storeDirectory, "storeDirectory");
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(unit, "unit");
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE)
        {
            throw new IllegalArgumentException("dead-letter replay agent on " + storeDirectory + ": batchSize=" +
                batchSize + " is not allowed; allowed 1.." + MAX_BATCH_SIZE);
        }
        final long pollNs = unit.toNanos(pollInterval);
        if (pollNs < MIN_POLL_INTERVAL_NS || pollNs > MAX_POLL_INTERVAL_NS)
        {
            throw new IllegalArgumentException("dead-letter replay agent on " + storeDirectory + ": pollInterval=" +
                pollInterval + " " + unit + " is not allowed; allowed 1 ms to 1 minute");
        }
        // refuse what is not a dead-letter store now, on the builder's thread, not at the first request
        DeadLetterReader.open(storeDirectory).close();
        this.path = storeDirectory;
        this.requests = ReplayRequest.directory(storeDirectory);
        this.batchSize = batchSize;
        this.pollIntervalNs = pollNs;
        this.roleName = "dead-letter-replay-" + storeDirectory.getFileName();
        for (final Map.Entry<String, ReplayTarget> entry : targets.entrySet())
        {
            edge(entry.getKey(), entry.getValue());
        }
    }

    /**
     * Add an edge to replay into, before the agent runs.
     *
     * @param edge   name of the edge, as requests name it.
     * @param target what replays into the edge (see {@link ReplayTargets}).
     * @return this.
     * @throws IllegalArgumentException if the name is blank or already added.
     * @throws IllegalStateException    once the agent has run.
     */
    public DeadLetterReplayAgent edge(final String edge, final ReplayTarget target)
    {
        Objects.requireNonNull(target, "target");
        if (running || closed)
        {
            throw new IllegalStateException("dead-letter replay agent on " + path + ": edges are added before it " +
                "runs; it has run");
        }
        if (null == edge || edge.isBlank() || targets.containsKey(edge))
        {
            throw new IllegalArgumentException("dead-letter replay agent on " + path + ": edge '" + edge + "' is " +
                "not allowed; allowed a non-blank edge name not added before (added: " + targets.keySet() + ")");
        }
        targets.put(edge, target);
        return this;
    }

    /**
     * Add an object edge to replay into, before the agent runs: the payloads are decoded with the store's codec
     * ({@link ReplayTargets#objectChannel}).
     *
     * @param edge    name of the edge, as requests name it.
     * @param channel the edge's channel, {@code graph.channel(edge)}.
     * @param codec   the store's codec.
     * @param <T>     type of the messages.
     * @return this.
     * @throws StoreDirectoryException  if the codec is not the store's.
     * @throws IllegalArgumentException if the name is blank or already added.
     * @throws IllegalStateException    once the agent has run.
     */
    public <T> DeadLetterReplayAgent objectEdge(
        final String edge, final ObjectChannel<? super T> channel, final Codec<T> codec)
    {
        Objects.requireNonNull(channel, "channel");
        try (DeadLetterReader codecCheck = DeadLetterReader.open(path))
        {
            return edge(edge, ReplayTargets.objectChannel(codecCheck, channel, codec));
        }
    }

    /**
     * Add a binary edge to replay into, before the agent runs: bytes and type id as stored
     * ({@link ReplayTargets#binaryChannel}).
     *
     * @param edge    name of the edge, as requests name it.
     * @param channel the edge's channel, {@code graph.channel(edge)}.
     * @return this.
     * @throws IllegalArgumentException if the name is blank or already added.
     * @throws IllegalStateException    once the agent has run.
     */
    public DeadLetterReplayAgent binaryEdge(final String edge, final BinaryChannel channel)
    {
        Objects.requireNonNull(channel, "channel");
        return edge(edge, ReplayTargets.binaryChannel(channel));
    }

    /**
     * The agent's name in the graph: {@code dead-letter-replay-} and the store directory's name.
     *
     * @return the role name.
     */
    @Override
    public String roleName()
    {
        return roleName;
    }

    /**
     * The store directory whose requests the agent answers.
     *
     * @return its path.
     */
    public Path path()
    {
        return path;
    }

    /**
     * The edges the agent replays into.
     *
     * @return their names, sorted.
     */
    public Set<String> edges()
    {
        return Collections.unmodifiableSet(targets.keySet());
    }

    /**
     * From now on no edge may be added.
     */
    @Override
    public void onStart()
    {
        running = true;
    }

    /**
     * One duty cycle: at most every poll interval, claim new requests; then replay at most a batch of the current
     * request into its edge, and write its status when due.
     *
     * @return the work done: requests claimed and started, records replayed; 0 when idle or when the edge is full.
     * @throws StoreDirectoryException if a status could not be written or the requests could not be listed (the
     *                                 graph's error handler reports it; the agent goes on next cycle).
     */
    @Override
    public int doWork()
    {
        if (closed)
        {
            return 0;
        }
        final long now = System.nanoTime();
        int work = 0;
        running = true;
        if (!polled || now - nextPollNs >= 0)
        {
            polled = true;
            nextPollNs = now + pollIntervalNs;
            work += poll(now);
        }
        if (null == current && !queued.isEmpty())
        {
            start(queued.poll(), now);
            work++;
        }
        if (null != current)
        {
            work += step(now);
        }
        if (!queued.isEmpty() && now - nextQueuedHeartbeatNs >= 0)
        {
            writeQueued(now);
        }
        if (null != writeError)
        {
            final StoreDirectoryException ex = writeError;
            writeError = null;
            throw ex;
        }
        return work;
    }

    /**
     * End the replay that is running and the queued ones as failed (their cursors' marks kept), closing the cursor
     * and the reader of the running one.
     */
    @Override
    public void onClose()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (null != current)
        {
            finish(ReplayStatus.State.FAILED, "the graph closed during the replay, after " + replayed +
                " dead letter" + plural(replayed) + "; " + resumeHint());
        }
        for (final ReplayRequest request : queued)
        {
            write(new ReplayStatus(request.id(), ReplayStatus.State.FAILED, request.edge(), request.cursor(), 0,
                -1, -1, pid, System.currentTimeMillis(), "the graph closed before the replay started"));
        }
        queued.clear();
    }

    private int poll(final long now)
    {
        if (!pruned || now - nextPruneNs >= 0)
        {
            pruned = true;
            nextPruneNs = now + TimeUnit.MILLISECONDS.toNanos(PRUNE_INTERVAL_MS);
            prune();
        }
        if (!Files.isDirectory(requests))
        {
            return 0;
        }
        found.clear();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(requests, "*" + ReplayRequest.REQUEST_SUFFIX))
        {
            for (final Path file : files)
            {
                found.add(file);
            }
        }
        catch (final IOException ex)
        {
            throw new StoreDirectoryException(path, "cannot list the replay requests in " +
                ReplayRequest.DIRECTORY + ": " + ex, ex);
        }
        if (found.isEmpty())
        {
            return 0;
        }
        // ids begin with the time they were made: oldest first
        found.sort(null);
        final long nowMillis = System.currentTimeMillis();
        int work = 0;
        for (final Path file : found)
        {
            work += take(file, now, nowMillis);
        }
        found.clear();
        return work;
    }

    private int take(final Path file, final long now, final long nowMillis)
    {
        final String fileName = file.getFileName().toString();
        final String id = fileName.substring(0, fileName.length() - ReplayRequest.REQUEST_SUFFIX.length());
        final ReplayRequest request;
        try
        {
            request = ReplayRequest.read(file);
        }
        catch (final StoreDirectoryException ex)
        {
            if (ReplayRequest.claim(path, file) && ReplayFiles.isId(id))
            {
                write(new ReplayStatus(id, ReplayStatus.State.FAILED, "", "", 0, -1, -1, pid, nowMillis,
                    ex.getMessage()));
            }
            return 1;
        }
        if (null == request)
        {
            return 0; // claimed by another agent, or withdrawn, meanwhile
        }
        if (request.expiresEpochMillis() != 0 && nowMillis - request.expiresEpochMillis() > EXPIRED_GRACE_MS)
        {
            // its writer stopped waiting long ago and did not withdraw it: it is gone
            ReplayRequest.claim(path, file);
            return 1;
        }
        final boolean known = targets.containsKey(request.edge());
        if (!known && nowMillis - request.createdEpochMillis() < UNKNOWN_EDGE_GRACE_MS)
        {
            return 0; // another agent on this store may know the edge
        }
        if (!ReplayRequest.claim(path, file))
        {
            return 0;
        }
        if (!known)
        {
            write(new ReplayStatus(request.id(), ReplayStatus.State.FAILED, request.edge(), request.cursor(), 0, -1,
                -1, pid, nowMillis, "edge '" + request.edge() + "' is not an edge this process (pid " + pid +
                ") replays dead letters into; its DeadLetterReplayAgent on " + path + " knows the edges " +
                targets.keySet()));
            return 1;
        }
        if (queued.isEmpty())
        {
            nextQueuedHeartbeatNs = now + TimeUnit.MILLISECONDS.toNanos(QUEUED_HEARTBEAT_MS);
        }
        queued.add(request);
        write(queuedStatus(request, nowMillis));
        return 1;
    }

    private void start(final ReplayRequest request, final long now)
    {
        current = request;
        target = targets.get(request.edge());
        replayed = 0;
        try
        {
            reader = DeadLetterReader.open(path);
            cursor = reader.replayCursor(request.cursor());
            if (request.fromStart())
            {
                cursor.seek(0);
            }
        }
        catch (final RuntimeException ex)
        {
            finish(ReplayStatus.State.FAILED, "cannot replay from cursor '" + request.cursor() + "': " +
                ex.getMessage());
            return;
        }
        writeRunning(now);
    }

    private int step(final long now)
    {
        final ReplayRequest request = current;
        final long want = Math.min(batchSize, request.limit() - replayed);
        ReplayOutcome outcome = ReplayOutcome.LIMIT_REACHED;
        int work = 0;
        if (want > 0)
        {
            try
            {
                outcome = cursor.replayAvailable(target, want);
            }
            catch (final RuntimeException ex)
            {
                replayed += cursor.replayed();
                finish(ReplayStatus.State.FAILED, "replaying the dead letter with sequence " + cursor.nextSequence() +
                    " into edge '" + request.edge() + "' failed: " + ex + "; " + resumeHint());
                return 1;
            }
            final long taken = cursor.replayed();
            replayed += taken;
            // while the cursor scans for its mark it takes nothing, but it works
            work = taken > 0 ? (int)taken : (outcome == ReplayOutcome.LIMIT_REACHED ? 1 : 0);
        }
        if (outcome == ReplayOutcome.CAUGHT_UP || replayed >= request.limit())
        {
            finish(ReplayStatus.State.DONE, "replayed " + replayed + " dead letter" + plural(replayed) +
                " into edge '" + request.edge() + "'; cursor '" + request.cursor() + "' is at sequence " +
                cursor.nextSequence());
            return work + 1;
        }
        if (outcome == ReplayOutcome.TARGET_CLOSED || outcome == ReplayOutcome.TARGET_REFUSED)
        {
            finish(ReplayStatus.State.FAILED, "edge '" + request.edge() + "' " +
                (outcome == ReplayOutcome.TARGET_CLOSED ? "is closed (the graph is closing)" : "refused") +
                " at the dead letter with sequence " + cursor.nextSequence() + ", after " + replayed +
                " dead letter" + plural(replayed) + "; " + resumeHint());
            return work + 1;
        }
        // LIMIT_REACHED (a batch, or a part of the scan for the mark) or BACK_PRESSURED: go on next cycle
        if (now - nextStatusNs >= 0)
        {
            writeRunning(now);
        }
        return work;
    }

    private void writeRunning(final long now)
    {
        nextStatusNs = now + TimeUnit.MILLISECONDS.toNanos(STATUS_INTERVAL_MS);
        final long total = replayed + Math.min(current.limit() - replayed, safeRemaining());
        write(new ReplayStatus(current.id(), ReplayStatus.State.RUNNING, current.edge(), current.cursor(), replayed,
            total, cursor.nextSequence(), pid, System.currentTimeMillis(), ""));
    }

    private void writeQueued(final long now)
    {
        nextQueuedHeartbeatNs = now + TimeUnit.MILLISECONDS.toNanos(QUEUED_HEARTBEAT_MS);
        final long nowMillis = System.currentTimeMillis();
        for (final ReplayRequest request : queued)
        {
            write(queuedStatus(request, nowMillis));
        }
    }

    private ReplayStatus queuedStatus(final ReplayRequest request, final long nowMillis)
    {
        return new ReplayStatus(request.id(), ReplayStatus.State.QUEUED, request.edge(), request.cursor(), 0, -1, -1,
            pid, nowMillis, null == current ? "" : "waiting for the replay into edge '" + current.edge() +
            "' (request " + current.id() + ") to end");
    }

    private void finish(final ReplayStatus.State state, final String message)
    {
        final ReplayRequest request = current;
        long next = -1;
        long total = replayed;
        if (null != cursor)
        {
            next = cursor.nextSequence();
            if (state != ReplayStatus.State.DONE)
            {
                total = replayed + Math.min(request.limit() - replayed, safeRemaining());
            }
        }
        try
        {
            // the mark is in its mapped file already: closing only releases the lock, the tailer and the queue
            if (null != cursor)
            {
                cursor.close();
            }
        }
        finally
        {
            if (null != reader)
            {
                reader.close();
            }
            current = null;
            reader = null;
            cursor = null;
            target = null;
            write(new ReplayStatus(request.id(), state, request.edge(), request.cursor(), replayed, total, next, pid,
                System.currentTimeMillis(), message));
        }
    }

    /**
     * What the store holds after the mark, for the status; 0 if the store cannot say (the replay itself reports
     * a store that cannot be read).
     */
    private long safeRemaining()
    {
        try
        {
            return cursor.remaining();
        }
        catch (final RuntimeException ex)
        {
            return 0;
        }
    }

    private String resumeHint()
    {
        return "cursor '" + current.cursor() + "' is at sequence " + (null == cursor ? "?" : cursor.nextSequence()) +
            ": replay again to resume there";
    }

    private void write(final ReplayStatus status)
    {
        try
        {
            status.write(path);
        }
        catch (final StoreDirectoryException ex)
        {
            // reported from doWork, once the agent's own state is consistent
            writeError = ex;
        }
    }

    /**
     * Delete status and temporary files nobody has written for an hour: ended replays whose tool
     * did not delete them (it was killed), and what a crashed agent left. Running and queued statuses are rewritten
     * far more often.
     */
    private void prune()
    {
        if (!Files.isDirectory(requests))
        {
            return;
        }
        final long oldest = System.currentTimeMillis() - RETENTION_MS;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(requests, (p) ->
        {
            final String name = p.getFileName().toString();
            return name.endsWith(ReplayRequest.STATUS_SUFFIX) ||
                (name.startsWith(".") && name.endsWith(ReplayFiles.TEMP_SUFFIX));
        }))
        {
            for (final Path file : files)
            {
                try
                {
                    if (Files.getLastModifiedTime(file).toMillis() < oldest)
                    {
                        Files.deleteIfExists(file);
                    }
                }
                catch (final IOException ignore)
                {
                    // gone meanwhile, or not ours to delete: try again next time
                }
            }
        }
        catch (final IOException ignore)
        {
            // listing again next time
        }
    }

    private static String plural(final long n)
    {
        return n == 1 ? "" : "s";
    }
}
