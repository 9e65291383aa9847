package io.medulla.protocol;

/**
 * Limits authentication failures per client address and per claimed principal, so that guessing
 * credentials is slow and a flood of bad tokens cannot occupy the server. The edge asks before it
 * authenticates (by address) and reports each rejection.
 */
public interface AuthAttempts {
  /** Attempts without limits (tests of other behaviour). */
  AuthAttempts UNLIMITED =
      new AuthAttempts() {
        @Override
        public long blockedSeconds(String clientAddress) {
          return 0;
        }

        @Override
        public long recordFailure(String clientAddress, String principalHint) {
          return 0;
        }
      };

  /**
   * Returns for how many more seconds {@code clientAddress} is refused without its credentials
   * being checked; 0 when it may try.
   */
  long blockedSeconds(String clientAddress);

  /**
   * Records a rejected attempt; returns for how many seconds the address or the claimed principal
   * is now refused (0 when still allowed).
   *
   * @param principalHint the key id or subject the credentials claimed; {@code ""} when unknown
   */
  long recordFailure(String clientAddress, String principalHint);
}
