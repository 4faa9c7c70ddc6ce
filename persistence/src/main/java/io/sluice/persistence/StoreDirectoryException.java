package io.sluice.persistence;

import java.nio.file.Path;

/**
 * A store directory that cannot be used: missing, unreadable, corrupt, written by another codec or kind of store,
 * or in use by another live process. The message names the directory and the problem; nothing in the directory has
 * been deleted or overwritten.
 */
public final class StoreDirectoryException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final transient Path directory;

    /**
     * Describe the problem.
     *
     * @param directory the directory concerned.
     * @param problem   what is wrong and, where it helps, what to do.
     */
    public StoreDirectoryException(final Path directory, final String problem)
    {
        super("store directory " + directory + ": " + problem);
        this.directory = directory;
    }

    /**
     * Describe the problem and its cause.
     *
     * @param directory the directory concerned.
     * @param problem   what is wrong.
     * @param cause     the underlying exception.
     */
    public StoreDirectoryException(final Path directory, final String problem, final Throwable cause)
    {
        super("store directory " + directory + ": " + problem + " (" + cause + ")", cause);
        this.directory = directory;
    }

    /**
     * The directory concerned.
     *
     * @return the path as given.
     */
    public Path directory()
    {
        return directory;
    }
}
