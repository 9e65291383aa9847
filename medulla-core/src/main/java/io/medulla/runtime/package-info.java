/** The backend SPI: how a model file becomes something that executes batches. */
@NullMarked
package io.medulla.runtime;

import org.jspecify.annotations.NullMarked;
