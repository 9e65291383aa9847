/**
 * The vocabulary every layer shares: models, requests, responses, tensors, deadlines and the {@link
 * io.medulla.inference.Inferencer} interface.
 */
@NullMarked
package io.medulla.inference;

import org.jspecify.annotations.NullMarked;
