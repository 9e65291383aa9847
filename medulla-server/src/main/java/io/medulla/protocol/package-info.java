/** What both wire protocols share: the one table from domain status to HTTP and gRPC status. */
@NullMarked
package io.medulla.protocol;

import org.jspecify.annotations.NullMarked;
