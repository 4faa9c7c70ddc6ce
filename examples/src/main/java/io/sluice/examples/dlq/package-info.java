/**
 * {@code sluice dlq}: list, show, replay and purge a durable dead-letter store's directory (see
 * {@code docs/dead-letters.md}). Each subcommand is one class; {@link io.sluice.examples.dlq.DeadLetterFormat}
 * turns a record into text or a JSON line.
 */
package io.sluice.examples.dlq;
