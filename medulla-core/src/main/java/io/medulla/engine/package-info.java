/** The facade protocols call: resolve, validate, route and account for inference requests. */
@NullMarked
package io.medulla.engine;

import org.jspecify.annotations.NullMarked;
