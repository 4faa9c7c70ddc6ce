/**
 * Threads for agents: the threading modes of a graph and the idle strategies by name. Sluice runs agents on
 * Agrona's {@code AgentRunner}, {@code AgentInvoker} and {@code CompositeAgent}; it has no runner loop of its own.
 */
package io.sluice.runtime.agent;
