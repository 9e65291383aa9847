package io.medulla.inference;

/**
 * Why a request failed, in protocol-neutral terms. The protocol layer maps each code to an HTTP
 * status and a gRPC status in one table.
 */
public enum StatusCode {
  /** The caller sent something malformed or inconsistent with the model (HTTP 400). */
  INVALID_ARGUMENT,
  /** No credentials, or credentials that could not be verified (HTTP 401). */
  UNAUTHENTICATED,
  /** The caller is known but not allowed to do this (HTTP 403). */
  PERMISSION_DENIED,
  /** The model, version or route does not exist (HTTP 404). */
  NOT_FOUND,
  /** The request body or a tensor is larger than the configured limit (HTTP 413). */
  PAYLOAD_TOO_LARGE,
  /** The media type of the body is not one Medulla reads (HTTP 415). */
  UNSUPPORTED_MEDIA_TYPE,
  /** A queue or quota is full; retry later (HTTP 429). */
  RESOURCE_EXHAUSTED,
  /** The request was cancelled by its caller (HTTP 499 style; gRPC CANCELLED). */
  CANCELLED,
  /** The model or the server cannot serve now: not ready, overloaded, draining (HTTP 503). */
  UNAVAILABLE,
  /** The request's deadline passed before it could be answered (HTTP 504). */
  DEADLINE_EXCEEDED,
  /** The operation is not supported by this server or model (HTTP 501). */
  UNIMPLEMENTED,
  /** Medulla or a backend failed; not the caller's fault (HTTP 500). */
  INTERNAL
}
