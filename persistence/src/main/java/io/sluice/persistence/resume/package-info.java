/**
 * The resume pattern that makes a pipeline lose no sequence number across a crash: a {@link
 * io.sluice.persistence.resume.ResumingSource} that starts from the sink's durable {@link
 * io.sluice.persistence.resume.SequenceCheckpoint}, a SPILL edge whose Chronicle store carries what was spilled, and a
 * {@link io.sluice.persistence.resume.SequenceTracker} at the sink that removes the repeats. See
 * {@code docs/persistence.md}.
 */
package io.sluice.persistence.resume;
