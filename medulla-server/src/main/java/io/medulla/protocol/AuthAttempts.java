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
        public void recordFailure(String clientAddress, String principalHint) {}
      };

  /**
   * Returns for how many more seconds {@code clientAddress} is refused without its credentials
   * being checked; 0 when it may try.
   */
  long blockedSeconds(String clientAddress);

  /**
   * Records a rejected attempt; the address's next attempts may then be refused.
   *
   * @param principalHint the key id or subject the credentials claimed; {@code ""} when unknown
   */
  void recordFailure(String clientAddress, String principalHint);
}
