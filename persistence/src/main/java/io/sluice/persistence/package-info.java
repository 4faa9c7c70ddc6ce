/**
 * Chronicle Queue stores behind Sluice's SPIs: the spill store of the {@code SPILL} policy, durable dead letters,
 * and the durable acknowledgement that lets a source resume after a crash. Opt-in: a user who embeds only
 * {@code queues} and {@code runtime} does not get Chronicle on the classpath.
 */
package io.sluice.persistence;
