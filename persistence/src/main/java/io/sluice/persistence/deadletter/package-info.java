/**
 * Durable dead letters. {@link io.sluice.persistence.deadletter.ChronicleDeadLetterStore} and
 * {@link io.sluice.persistence.deadletter.ChronicleBinaryDeadLetterStore} implement the runtime's dead-letter SPI
 * over one Chronicle queue per directory: payload, type id, stage, inbound edge, cause class and message, attempts,
 * first and last failure time and reason, under a dense sequence. A
 * {@link io.sluice.persistence.deadletter.DeadLetterReader} lists, counts and reads them without locking; a
 * {@link io.sluice.persistence.deadletter.ReplayCursor} replays them into a
 * {@link io.sluice.persistence.deadletter.ReplayTarget} (a channel of a running graph, a file) with a durable
 * "replayed up to" mark; {@link io.sluice.persistence.deadletter.DeadLetterStores#purge(java.nio.file.Path)} deletes
 * them when nothing has the directory open. A {@link io.sluice.persistence.deadletter.DeadLetterReplayAgent} in a
 * graph's duty cycle replays into that graph's edges on request from another process: a
 * {@link io.sluice.persistence.deadletter.ReplayRequest} file in the store directory, answered with a
 * {@link io.sluice.persistence.deadletter.ReplayStatus} file. {@code bin/sluice dlq} is the command line over this
 * package.
 */
package io.sluice.persistence.deadletter;
