/** Fakes for tests: a scripted backend, request fixtures. */
@NullMarked
package io.medulla.testing;

import org.jspecify.annotations.NullMarked;
