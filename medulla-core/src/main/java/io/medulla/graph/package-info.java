/**
 * Inference graphs: named workflows of model calls and built-in tensor functions, served wherever a
 * model can be. A {@link io.medulla.graph.GraphDefinition} (from a graph file or a Triton ensemble)
 * is checked by {@link io.medulla.graph.GraphValidator} into a {@link io.medulla.graph.GraphPlan},
 * which a {@link io.medulla.graph.GraphExecutor} runs as an {@link
 * io.medulla.inference.Inferencer}. Steps call models only through an {@code Inferencer}, never a
 * scheduler.
 */
@NullMarked
package io.medulla.graph;

import org.jspecify.annotations.NullMarked;
