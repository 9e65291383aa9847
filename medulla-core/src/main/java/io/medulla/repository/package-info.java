/**
 * The Triton-style model repository: layout, {@code config.pbtxt}, versions, hashes and lifecycle
 * states.
 */
@NullMarked
package io.medulla.repository;

import org.jspecify.annotations.NullMarked;
