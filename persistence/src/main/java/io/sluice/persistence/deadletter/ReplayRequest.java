package io.sluice.persistence.deadletter;

import io.sluice.persistence.StoreDirectoryException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A request to replay dead letters into an edge of a graph running in another process: written into the store
 * directory by a tool ({@code bin/sluice dlq replay DIR --to-edge EDGE}), taken and carried out by a
 * {@link DeadLetterReplayAgent} running in the graph's process, which reports in a {@link ReplayStatus}.
 * <p>
 * The protocol is files in {@value #DIRECTORY}/ under the store directory:
 * <ul>
 *     <li>{@code ID}{@value #REQUEST_SUFFIX}: this request, written atomically (a temporary file, then a rename);</li>
 *     <li>an agent <b>claims</b> the request by deleting that file: of several agents, and of an agent and the tool
 *     withdrawing the request ({@link #withdraw(Path)}), exactly one succeeds;</li>
 *     <li>{@code ID}{@value #STATUS_SUFFIX}: the {@link ReplayStatus} the agent writes atomically while it works and
 *     at the end; the tool deletes it once it has read the end.</li>
 * </ul>
 * A request expires ({@link #expiresEpochMillis()}) when its writer stops waiting for an agent: a writer withdraws it
 * then, and an agent drops one it finds long expired (its writer died without withdrawing it).
 * <p>
 * Immutable; thread-safe.
 */
public final class ReplayRequest
{
    /** The subdirectory of the store directory that holds requests and statuses. */
    public static final String DIRECTORY = "replay-requests";
    /** Suffix of a request's file name; the rest is its id. */
    public static final String REQUEST_SUFFIX = ".request";
    /** Suffix of a status's file name; the rest is its request's id. */
    public static final String STATUS_SUFFIX = ".status";

    static final String ID_KEY = "id";
    static final String EDGE_KEY = "edge";
    static final String CURSOR_KEY = "cursor";
    static final String FROM_START_KEY = "fromStart";
    static final String LIMIT_KEY = "limit";
    static final String CREATED_KEY = "createdEpochMillis";
    static final String EXPIRES_KEY = "expiresEpochMillis";

    private final String id;
    private final String edge;
    private final String cursor;
    private final boolean fromStart;
    private final long limit;
    private final long createdEpochMillis;
    private final long expiresEpochMillis;

    /**
     * A request with every field given.
     *
     * @param id                 names the request's files: 1 to 64 letters, digits, '-', '_' or '.', not starting
     *                           with '-', '_' or '.'.
     * @param edge               name of the edge to replay into.
     * @param cursor             name of the replay cursor whose mark to resume from and advance.
     * @param fromStart          whether to move the cursor's mark back to the first dead letter first.
     * @param limit              dead letters replayed at most, at least 0.
     * @param createdEpochMillis when the request was made, milliseconds since the epoch.
     * @param expiresEpochMillis when its writer stops waiting for an agent to take it, milliseconds since the epoch;
     *                           0 for never.
     * @throws IllegalArgumentException naming the field, its value and what is allowed.
     */
    public ReplayRequest(
        final String id,
        final String edge,
        final String cursor,
        final boolean fromStart,
        final long limit,
        final long createdEpochMillis,
        final long expiresEpochMillis)
    {
        if (!ReplayFiles.isId(id))
        {
            throw new IllegalArgumentException("replay request id '" + id + "' is not allowed; allowed: 1 to 64 " +
                "letters, digits, '-', '_' or '.', starting with a letter or digit");
        }
        if (null == edge || edge.isBlank())
        {
            throw new IllegalArgumentException("replay request edge '" + edge + "' is not allowed; allowed: the " +
                "name of an edge, not blank");
        }
        ReplayCursor.checkName(cursor);
        if (limit < 0)
        {
            throw new IllegalArgumentException("replay request limit=" + limit + " is not allowed; allowed 0.." +
                Long.MAX_VALUE);
        }
        if (expiresEpochMillis < 0)
        {
            throw new IllegalArgumentException("replay request expiresEpochMillis=" + expiresEpochMillis +
                " is not allowed; allowed 0 (never) or a time in milliseconds since the epoch");
        }
        this.id = id;
        this.edge = edge;
        this.cursor = cursor;
        this.fromStart = fromStart;
        this.limit = limit;
        this.createdEpochMillis = createdEpochMillis;
        this.expiresEpochMillis = expiresEpochMillis;
    }

    /**
     * A new request, made now, with a new id (time, process id and a random part).
     *
     * @param edge         name of the edge to replay into.
     * @param cursor       name of the replay cursor.
     * @param fromStart    whether to replay from the first dead letter.
     * @param limit        dead letters replayed at most, at least 0.
     * @param expiresAfter milliseconds the writer waits for an agent to take it, at least 0 (0: it never expires).
     * @return the request, not written yet.
     * @throws IllegalArgumentException naming a field, its value and what is allowed.
     */
    public static ReplayRequest create(
        final String edge, final String cursor, final boolean fromStart, final long limit, final long expiresAfter)
    {
        if (expiresAfter < 0)
        {
            throw new IllegalArgumentException("replay request expiresAfter=" + expiresAfter + " ms is not allowed; " +
                "allowed 0 (never) or more");
        }
        final long now = System.currentTimeMillis();
        final String id = "r" + now + "-" + ProcessHandle.current().pid() + "-" +
            Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0x100000));
        final long expires = expiresAfter == 0 ? 0 : now + Math.min(expiresAfter, Long.MAX_VALUE - now);
        return new ReplayRequest(id, edge, cursor, fromStart, limit, now, expires);
    }

    /**
     * The directory of requests and statuses under a store directory.
     *
     * @param storeDirectory the dead-letter store's directory.
     * @return {@code storeDirectory/}{@value #DIRECTORY}.
     */
    public static Path directory(final Path storeDirectory)
    {
        return storeDirectory.resolve(DIRECTORY);
    }

    /**
     * The file of a request.
     *
     * @param storeDirectory the dead-letter store's directory.
     * @param id             of the request.
     * @return its path, whether or not it exists.
     */
    public static Path requestFile(final Path storeDirectory, final String id)
    {
        return directory(storeDirectory).resolve(id + REQUEST_SUFFIX);
    }

    /**
     * The file of a request's status.
     *
     * @param storeDirectory the dead-letter store's directory.
     * @param id             of the request.
     * @return its path, whether or not it exists.
     */
    public static Path statusFile(final Path storeDirectory, final String id)
    {
        return directory(storeDirectory).resolve(id + STATUS_SUFFIX);
    }

    /**
     * Read a request file.
     *
     * @param file the request's file.
     * @return the request, or null if there is no such file (it was claimed or withdrawn).
     * @throws StoreDirectoryException naming the file and the problem if it cannot be read or is not a request.
     */
    public static ReplayRequest read(final Path file)
    {
        final Path storeDirectory = file.toAbsolutePath().getParent().getParent();
        try
        {
            final Properties properties = ReplayFiles.read(file);
            if (null == properties)
            {
                return null;
            }
            final String id = ReplayFiles.required(properties, ID_KEY);
            if (!file.getFileName().toString().equals(id + REQUEST_SUFFIX))
            {
                throw new IOException(ID_KEY + "=" + id + " is not allowed; allowed the file's name without " +
                    REQUEST_SUFFIX);
            }
            return new ReplayRequest(
                id,
                ReplayFiles.required(properties, EDGE_KEY),
                ReplayFiles.required(properties, CURSOR_KEY),
                ReplayFiles.requiredBoolean(properties, FROM_START_KEY),
                ReplayFiles.requiredLong(properties, LIMIT_KEY),
                ReplayFiles.requiredLong(properties, CREATED_KEY),
                ReplayFiles.requiredLong(properties, EXPIRES_KEY));
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            throw new StoreDirectoryException(storeDirectory, "replay request " + file.getFileName() +
                " is not a valid request: " + ex.getMessage(), ex);
        }
    }

    /**
     * Write the request into a store directory, atomically, for an agent to take.
     *
     * @param storeDirectory the dead-letter store's directory.
     * @return the request's file.
     * @throws StoreDirectoryException if it cannot be written.
     */
    public Path write(final Path storeDirectory)
    {
        final Path file = requestFile(storeDirectory, id);
        final Map<String, String> entries = new LinkedHashMap<>();
        entries.put(ID_KEY, id);
        entries.put(EDGE_KEY, edge);
        entries.put(CURSOR_KEY, cursor);
        entries.put(FROM_START_KEY, String.valueOf(fromStart));
        entries.put(LIMIT_KEY, String.valueOf(limit));
        entries.put(CREATED_KEY, String.valueOf(createdEpochMillis));
        entries.put(EXPIRES_KEY, String.valueOf(expiresEpochMillis));
        try
        {
            ReplayFiles.writeAtomically(file, entries);
        }
        catch (final IOException ex)
        {
            throw new StoreDirectoryException(storeDirectory, "cannot write replay request " + file.getFileName() +
                ": " + ex, ex);
        }
        return file;
    }

    /**
     * Whether the request is still waiting in a store directory for an agent.
     *
     * @param storeDirectory the dead-letter store's directory.
     * @return true while its file is there (not claimed, not withdrawn).
     */
    public boolean isPending(final Path storeDirectory)
    {
        return Files.exists(requestFile(storeDirectory, id));
    }

    /**
     * Take the request back if no agent has claimed it yet. Exactly one of this and an agent's claim succeeds.
     *
     * @param storeDirectory the dead-letter store's directory.
     * @return true if it was withdrawn; false if an agent had claimed it (follow its status) or it was withdrawn
     *         already.
     * @throws StoreDirectoryException if its file is there but cannot be deleted.
     */
    public boolean withdraw(final Path storeDirectory)
    {
        return claim(storeDirectory, requestFile(storeDirectory, id));
    }

    /**
     * Claim a request file by deleting it: true for the one caller that deleted it.
     */
    static boolean claim(final Path storeDirectory, final Path file)
    {
        try
        {
            Files.delete(file);
            return true;
        }
        catch (final NoSuchFileException ex)
        {
            return false;
        }
        catch (final IOException ex)
        {
            throw new StoreDirectoryException(storeDirectory, "cannot delete replay request " + file.getFileName() +
                ": " + ex, ex);
        }
    }

    /**
     * The request's id, which names its files.
     *
     * @return the id.
     */
    public String id()
    {
        return id;
    }

    /**
     * The edge to replay into.
     *
     * @return its name.
     */
    public String edge()
    {
        return edge;
    }

    /**
     * The replay cursor whose mark the replay resumes from and advances.
     *
     * @return its name.
     */
    public String cursor()
    {
        return cursor;
    }

    /**
     * Whether the cursor's mark is moved back to the first dead letter first.
     *
     * @return true to replay from the start.
     */
    public boolean fromStart()
    {
        return fromStart;
    }

    /**
     * Dead letters replayed at most.
     *
     * @return the limit, {@link Long#MAX_VALUE} for all.
     */
    public long limit()
    {
        return limit;
    }

    /**
     * When the request was made.
     *
     * @return milliseconds since the epoch.
     */
    public long createdEpochMillis()
    {
        return createdEpochMillis;
    }

    /**
     * When its writer stops waiting for an agent to take it.
     *
     * @return milliseconds since the epoch, 0 for never.
     */
    public long expiresEpochMillis()
    {
        return expiresEpochMillis;
    }

    /**
     * The request in one line, for messages.
     *
     * @return its fields.
     */
    @Override
    public String toString()
    {
        return "ReplayRequest{id=" + id + ", edge=" + edge + ", cursor=" + cursor + ", fromStart=" + fromStart +
            ", limit=" + limit + ", created=" + createdEpochMillis + ", expires=" + expiresEpochMillis + "}";
    }

    @Override
    public boolean equals(final Object o)
    {
        if (this == o)
        {
            return true;
        }
        if (!(o instanceof ReplayRequest))
        {
            return false;
        }
        final ReplayRequest that = (ReplayRequest)o;
        return fromStart == that.fromStart && limit == that.limit && createdEpochMillis == that.createdEpochMillis &&
            expiresEpochMillis == that.expiresEpochMillis && id.equals(that.id) && edge.equals(that.edge) &&
            cursor.equals(that.cursor);
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(id, edge, cursor, fromStart, limit, createdEpochMillis, expiresEpochMillis);
    }
}
