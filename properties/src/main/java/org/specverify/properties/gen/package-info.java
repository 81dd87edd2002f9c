/**
 * Generated instances for the property suites: random target and draft laws, exact rationals, shaped to hit the edge
 * cases that hide residual bugs (zero masses, one-hot and uniform laws, p = q and nearly so, disjoint supports, tiny
 * masses, repeated draft tokens), from a QuickTheories generator or from a seed so that a failure replays
 * ({@link org.specverify.properties.gen.InstanceGenerators}).
 */
package org.specverify.properties.gen;
