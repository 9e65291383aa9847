/** The Open Inference Protocol over HTTP/REST, with Triton's binary tensor data extension. */
@NullMarked
package io.medulla.protocol.rest;

import org.jspecify.annotations.NullMarked;
