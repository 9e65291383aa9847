package io.medulla.tenancy;

/** How a principal proved who it is; logged and (later) audited with every request. */
public enum AuthMethod {
  /** A Medulla API key ({@code Authorization: Bearer mdk_...}). */
  API_KEY,
  /** An OIDC bearer JWT checked against the configured issuer's key set. */
  JWT,
  /** A client certificate presented in the TLS handshake (mTLS). */
  CLIENT_CERTIFICATE,
  /**
   * No credentials, on a loopback connection, mapped to one named tenant because the operator
   * explicitly asked for it (local trials). Never used for a non-loopback peer.
   */
  LOOPBACK_ANONYMOUS
}
