/** The command line: one class per command. */
@NullMarked
package io.medulla.cli;

import org.jspecify.annotations.NullMarked;
