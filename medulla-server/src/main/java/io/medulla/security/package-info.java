/**
 * Authentication at the protocol edge: API keys in a file, OIDC bearer tokens checked against a
 * pinned key set, client certificates, the chain that tries them in order, and the limit on failed
 * attempts. Turns {@link io.medulla.tenancy.Credentials} into a {@link
 * io.medulla.tenancy.Principal}; knows nothing of the protocols or the server.
 */
@NullMarked
package io.medulla.security;

import org.jspecify.annotations.NullMarked;
