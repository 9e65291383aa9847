/** The ONNX Runtime backend: sessions, type mapping, execution providers. */
@NullMarked
package io.medulla.runtime.onnx;

import org.jspecify.annotations.NullMarked;
