/** The composition root: reads {@code ServerConfig} and wires every component together. */
@NullMarked
package io.medulla.server;

import org.jspecify.annotations.NullMarked;
