package io.sluice.persistence.deadletter;

import io.sluice.persistence.StoreDirectoryException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * How a {@link ReplayRequest} is going: written by the {@link DeadLetterReplayAgent} that claimed it into
 * {@code replay-requests/ID.status} in the store directory, atomically (a temporary file, then a rename), when it
 * claims the request, about every 100 ms while it replays (a heartbeat even when nothing moved), and at the end;
 * read by the tool that wrote the request.
 * <p>
 * Immutable; thread-safe.
 */
public final class ReplayStatus
{
    static final String ID_KEY = "id";
    static final String STATE_KEY = "state";
    static final String EDGE_KEY = "edge";
    static final String CURSOR_KEY = "cursor";
    static final String REPLAYED_KEY = "replayed";
    static final String TOTAL_KEY = "total";
    static final String NEXT_SEQUENCE_KEY = "nextSequence";
    static final String PID_KEY = "pid";
    static final String UPDATED_KEY = "updatedEpochMillis";
    static final String MESSAGE_KEY = "message";

    /**
     * Where a request stands.
     */
    public enum State
    {
        /** Claimed by an agent, waiting for the replay before it in that agent to end. */
        QUEUED,
        /** Being replayed, a bounded batch per duty cycle. */
        RUNNING,
        /** Ended: every dead letter asked for (up to the limit, or all there were) was replayed. */
        DONE,
        /** Ended early; the message says why. The cursor's mark keeps what was replayed. */
        FAILED;

        /**
         * Whether the request has ended.
         *
         * @return true for {@link #DONE} and {@link #FAILED}.
         */
        public boolean isTerminal()
        {
            return this == DONE || this == FAILED;
        }
    }

    private final String id;
    private final State state;
    private final String edge;
    private final String cursor;
    private final long replayed;
    private final long total;
    private final long nextSequence;
    private final long pid;
    private final long updatedEpochMillis;
    private final String message;

    /**
     * A status with every field given.
     *
     * @param id                 of the request.
     * @param state              where it stands.
     * @param edge               the edge replayed into.
     * @param cursor             the cursor replayed from.
     * @param replayed           dead letters the edge took so far.
     * @param total              dead letters this replay is expected to take in all ({@code replayed} plus what the
     *                           store holds after the cursor's mark, up to the limit); -1 while not known.
     * @param nextSequence       the cursor's mark: the sequence of the next dead letter it would replay; -1 while not
     *                           known.
     * @param pid                the process of the agent.
     * @param updatedEpochMillis when this status was written, milliseconds since the epoch.
     * @param message            what happened, in words; empty if nothing to say.
     */
    public ReplayStatus(
        final String id,
        final State state,
        final String edge,
        final String cursor,
        final long replayed,
        final long total,
        final long nextSequence,
        final long pid,
        final long updatedEpochMillis,
        final String message)
    {
        this.id = id;
        this.state = state;
        this.edge = edge;
        this.cursor = cursor;
        this.replayed = replayed;
        this.total = total;
        this.nextSequence = nextSequence;
        this.pid = pid;
        this.updatedEpochMillis = updatedEpochMillis;
        this.message = null == message ? "" : message;
    }

    /**
     * Read a request's status.
     *
     * @param storeDirectory the dead-letter store's directory.
     * @param id             of the request.
     * @return the status, or null while no agent has written one (or after it was deleted).
     * @throws StoreDirectoryException naming the file and the problem if it cannot be read or is not a status.
     */
    public static ReplayStatus read(final Path storeDirectory, final String id)
    {
        final Path file = ReplayRequest.statusFile(storeDirectory, id);
        try
        {
            final Properties properties = ReplayFiles.read(file);
            if (null == properties)
            {
                return null;
            }
            final String state = ReplayFiles.required(properties, STATE_KEY);
            final State parsed;
            try
            {
                parsed = State.valueOf(state.trim().toUpperCase(Locale.ROOT));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IOException(STATE_KEY + "=" + state + " is not allowed; allowed queued, running, done " +
                    "or failed", ex);
            }
            return new ReplayStatus(
                ReplayFiles.required(properties, ID_KEY),
                parsed,
                ReplayFiles.required(properties, EDGE_KEY),
                ReplayFiles.required(properties, CURSOR_KEY),
                ReplayFiles.requiredLong(properties, REPLAYED_KEY),
                ReplayFiles.requiredLong(properties, TOTAL_KEY),
                ReplayFiles.requiredLong(properties, NEXT_SEQUENCE_KEY),
                ReplayFiles.requiredLong(properties, PID_KEY),
                ReplayFiles.requiredLong(properties, UPDATED_KEY),
                properties.getProperty(MESSAGE_KEY, ""));
        }
        catch (final IOException ex)
        {
            throw new StoreDirectoryException(storeDirectory, "replay status " + file.getFileName() +
                " is not a valid status: " + ex.getMessage(), ex);
        }
    }

    /**
     * Delete a request's status, once its end has been read.
     *
     * @param storeDirectory the dead-letter store's directory.
     * @param id             of the request.
     * @return true if there was one.
     * @throws StoreDirectoryException if it is there but cannot be deleted.
     */
    public static boolean delete(final Path storeDirectory, final String id)
    {
        final Path file = ReplayRequest.statusFile(storeDirectory, id);
        try
        {
            return Files.deleteIfExists(file);
        }
        catch (final IOException ex)
        {
            throw new StoreDirectoryException(storeDirectory, "cannot delete replay status " + file.getFileName() +
                ": " + ex, ex);
        }
    }

    /**
     * Write this status atomically over the request's status file.
     *
     * @param storeDirectory the dead-letter store's directory.
     * @throws StoreDirectoryException if it cannot be written.
     */
    public void write(final Path storeDirectory)
    {
        final Path file = ReplayRequest.statusFile(storeDirectory, id);
        final Map<String, String> entries = new LinkedHashMap<>();
        entries.put(ID_KEY, id);
        entries.put(STATE_KEY, state.name().toLowerCase(Locale.ROOT));
        entries.put(EDGE_KEY, edge);
        entries.put(CURSOR_KEY, cursor);
        entries.put(REPLAYED_KEY, String.valueOf(replayed));
        entries.put(TOTAL_KEY, String.valueOf(total));
        entries.put(NEXT_SEQUENCE_KEY, String.valueOf(nextSequence));
        entries.put(PID_KEY, String.valueOf(pid));
        entries.put(UPDATED_KEY, String.valueOf(updatedEpochMillis));
        entries.put(MESSAGE_KEY, message);
        try
        {
            ReplayFiles.writeAtomically(file, entries);
        }
        catch (final IOException ex)
        {
            throw new StoreDirectoryException(storeDirectory, "cannot write replay status " + file.getFileName() +
                ": " + ex, ex);
        }
    }

    /**
     * The request's id.
     *
     * @return the id.
     */
    public String id()
    {
        return id;
    }

    /**
     * Where the request stands.
     *
     * @return the state.
     */
    public State state()
    {
        return state;
    }

    /**
     * The edge replayed into.
     *
     * @return its name.
     */
    public String edge()
    {
        return edge;
    }

    /**
     * The cursor replayed from.
     *
     * @return its name.
     */
    public String cursor()
    {
        return cursor;
    }

    /**
     * Dead letters the edge took so far.
     *
     * @return the count.
     */
    public long replayed()
    {
        return replayed;
    }

    /**
     * Dead letters this replay is expected to take in all: what it took plus what the store holds after the cursor's
     * mark, up to the limit. It grows while the store grows.
     *
     * @return the count, -1 while not known (queued).
     */
    public long total()
    {
        return total;
    }

    /**
     * The cursor's mark when this status was written.
     *
     * @return the sequence of the next dead letter the cursor would replay, -1 while not known (queued).
     */
    public long nextSequence()
    {
        return nextSequence;
    }

    /**
     * The process of the agent that claimed the request.
     *
     * @return its process id.
     */
    public long pid()
    {
        return pid;
    }

    /**
     * When this status was written.
     *
     * @return milliseconds since the epoch.
     */
    public long updatedEpochMillis()
    {
        return updatedEpochMillis;
    }

    /**
     * What happened, in words: why it failed, or a summary at the end.
     *
     * @return the message, empty if none.
     */
    public String message()
    {
        return message;
    }

    /**
     * The status in one line, for messages.
     *
     * @return its fields.
     */
    @Override
    public String toString()
    {
        return "ReplayStatus{id=" + id + ", state=" + state + ", edge=" + edge + ", cursor=" + cursor +
            ", replayed=" + replayed + ", total=" + total + ", nextSequence=" + nextSequence + ", pid=" + pid +
            ", updated=" + updatedEpochMillis + ", message=" + message + "}";
    }
}
