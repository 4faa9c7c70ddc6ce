/**
 * The trading example: a market data feed, a mean-reversion strategy, an order gateway and a simulated exchange as a
 * graph of four stages. The edge from the gateway into the exchange fails fast, so a slow exchange costs refused
 * orders (counted) rather than stale ones or a stalled feed; a circuit breaker on the exchange stage stops sending
 * orders while the exchange rejects them and probes it again after a while. The exchange's calm, slow and rejecting
 * phases are drawn from a seed. The run prints the breaker's transitions with their times, round-trip latency
 * percentiles (tick created to exchange acknowledgement) from an HdrHistogram, the conservation identity of every edge
 * and stage, and where every order went. Ticks and orders are recycled through preallocated pools.
 */
package io.sluice.examples.trading;
