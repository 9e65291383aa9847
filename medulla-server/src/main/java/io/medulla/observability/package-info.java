/** Adapters from listener events to metrics (Prometheus text with Triton's names) and health. */
@NullMarked
package io.medulla.observability;

import org.jspecify.annotations.NullMarked;
