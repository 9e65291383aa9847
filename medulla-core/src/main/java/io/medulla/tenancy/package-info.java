/** Tenants and principals: who is asking, on behalf of which organisation. */
@NullMarked
package io.medulla.tenancy;

import org.jspecify.annotations.NullMarked;
