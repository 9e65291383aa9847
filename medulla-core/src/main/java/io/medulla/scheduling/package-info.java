/** Per-model schedulers: how admitted requests reach model instances. */
@NullMarked
package io.medulla.scheduling;

import org.jspecify.annotations.NullMarked;
