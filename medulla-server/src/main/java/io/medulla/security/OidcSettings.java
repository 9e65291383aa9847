package io.medulla.security;

import static java.util.Objects.requireNonNull;

import io.medulla.tenancy.Role;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How {@link JwtAuthenticator} checks OIDC bearer tokens. Built with {@link #builder}; every
 * setting is checked here, so a server refuses to start on a bad one.
 *
 * @param issuer the exact {@code iss} tokens must carry
 * @param audience a value tokens' {@code aud} must contain
 * @param jwks where the issuer's public keys are pinned: a {@code file:} URI of a JWK set, or an
 *     {@code https:} URL that the server fetches in the background
 * @param principalClaim the claim naming the principal
 * @param tenantClaim the claim naming the principal's tenant: 1 to 64 of {@code [A-Za-z0-9._-]}
 * @param rolesClaim the claim listing role names (a list, or one space-separated string); unknown
 *     names are ignored, and a token must grant at least one known role. A dotted name ({@code
 *     realm_access.roles}) reaches into nested objects when no claim has that exact name
 * @param algorithms the JWS algorithms accepted: asymmetric only; never {@code none} or {@code HS*}
 * @param clockSkew the tolerance applied to {@code exp}, {@code nbf} and {@code iat}
 * @param actsForClaim the claim listing the tenants a gateway principal may act for, or {@code
 *     null} to never read one
 * @param breakGlassRole the name in the roles claim that marks a principal provisioned for
 *     emergency access
 */
public record OidcSettings(
    String issuer,
    String audience,
    URI jwks,
    String principalClaim,
    String tenantClaim,
    String rolesClaim,
    Set<String> algorithms,
    Duration clockSkew,
    @Nullable String actsForClaim,
    String breakGlassRole) {
  /** The claim naming the principal unless set: {@value}. */
  public static final String DEFAULT_PRINCIPAL_CLAIM = "sub";

  /** The claim naming the tenant unless set: {@value}. */
  public static final String DEFAULT_TENANT_CLAIM = "medulla_tenant";

  /** The claim listing roles unless set: {@value}. */
  public static final String DEFAULT_ROLES_CLAIM = "medulla_roles";

  /** The claim listing a gateway's tenants unless set: {@value}. */
  public static final String DEFAULT_ACTS_FOR_CLAIM = "medulla_acts_for";

  /** The role name marking break-glass provisioning unless set: {@value}. */
  public static final String DEFAULT_BREAK_GLASS_ROLE = "break_glass";

  /** The clock tolerance unless set: 60 seconds. */
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);

  /** The most clock tolerance allowed: 5 minutes. */
  public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  /** Returns the algorithms accepted unless set: RS256, PS256, ES256 and EdDSA (Ed25519). */
  public static Set<String> defaultAlgorithms() {
    return SigningAlgorithms.DEFAULTS;
  }

  /** Creates settings; validates every field. */
  public OidcSettings {
    nonBlank("issuer", issuer);
    nonBlank("audience", audience);
    requireNonNull(jwks, "jwks");
    String scheme = jwks.getScheme() == null ? "" : jwks.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("file")) {
      throw new IllegalArgumentException(
          "OIDC jwks: expected a file or an https:// URL (plain http could swap the keys)");
    }
    nonBlank("principal claim", principalClaim);
    nonBlank("tenant claim", tenantClaim);
    nonBlank("roles claim", rolesClaim);
    algorithms = Set.copyOf(algorithms);
    if (algorithms.isEmpty()) {
      throw new IllegalArgumentException("OIDC algorithms: empty (expected at least one)");
    }
    algorithms.forEach(SigningAlgorithms::checkAllowed);
    requireNonNull(clockSkew, "clockSkew");
    if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
      throw new IllegalArgumentException(
          "OIDC clock skew: " + clockSkew + " (expected: 0 to " + MAX_CLOCK_SKEW + ")");
    }
    if (actsForClaim != null) {
      nonBlank("acts-for claim", actsForClaim);
    }
    nonBlank("break-glass role", breakGlassRole);
    if (Role.fromName(breakGlassRole).isPresent()) {
      throw new IllegalArgumentException(
          "OIDC break-glass role: '" + breakGlassRole + "' is already the name of a role");
    }
  }

  /** Returns a builder with every optional setting at its default. */
  public static Builder builder(String issuer, String audience, URI jwks) {
    return new Builder(issuer, audience, jwks);
  }

  /** Returns a builder whose keys come from a JWK set file; optional settings at defaults. */
  public static Builder builder(String issuer, String audience, Path jwksFile) {
    return new Builder(issuer, audience, jwksFile.toAbsolutePath().toUri());
  }

  /** Returns whether the keys come from a file rather than over the network. */
  public boolean jwksIsFile() {
    return "file".equalsIgnoreCase(jwks.getScheme());
  }

  private static void nonBlank(String what, @Nullable String value) {
    requireNonNull(value, what);
    if (value.isBlank()) {
      throw new IllegalArgumentException("OIDC " + what + ": empty");
    }
  }

  /** Builds {@link OidcSettings}; each setter names its default. */
  public static final class Builder {
    private final String issuer;
    private final String audience;
    private final URI jwks;
    private String principalClaim = DEFAULT_PRINCIPAL_CLAIM;
    private String tenantClaim = DEFAULT_TENANT_CLAIM;
    private String rolesClaim = DEFAULT_ROLES_CLAIM;
    private Set<String> algorithms = SigningAlgorithms.DEFAULTS;
    private Duration clockSkew = DEFAULT_CLOCK_SKEW;
    private @Nullable String actsForClaim = DEFAULT_ACTS_FOR_CLAIM;
    private String breakGlassRole = DEFAULT_BREAK_GLASS_ROLE;

    private Builder(String issuer, String audience, URI jwks) {
      this.issuer = issuer;
      this.audience = audience;
      this.jwks = jwks;
    }

    /** Sets the claim naming the principal; default {@value #DEFAULT_PRINCIPAL_CLAIM}. */
    public Builder principalClaim(String claim) {
      this.principalClaim = claim;
      return this;
    }

    /** Sets the claim naming the tenant; default {@value #DEFAULT_TENANT_CLAIM}. */
    public Builder tenantClaim(String claim) {
      this.tenantClaim = claim;
      return this;
    }

    /** Sets the claim listing roles; default {@value #DEFAULT_ROLES_CLAIM}. */
    public Builder rolesClaim(String claim) {
      this.rolesClaim = claim;
      return this;
    }

    /** Sets the accepted algorithms; default RS256, PS256, ES256, EdDSA. */
    public Builder algorithms(Set<String> names) {
      this.algorithms = Set.copyOf(names);
      return this;
    }

    /** Sets the clock tolerance; default 60 seconds, at most 5 minutes. */
    public Builder clockSkew(Duration skew) {
      this.clockSkew = skew;
      return this;
    }

    /**
     * Sets the claim listing a gateway's tenants, or {@code null} for none; default {@value
     * #DEFAULT_ACTS_FOR_CLAIM}.
     */
    public Builder actsForClaim(@Nullable String claim) {
      this.actsForClaim = claim;
      return this;
    }

    /**
     * Sets the role name marking break-glass provisioning; default {@value
     * #DEFAULT_BREAK_GLASS_ROLE}.
     */
    public Builder breakGlassRole(String name) {
      this.breakGlassRole = name;
      return this;
    }

    /** Returns the settings; checks every field. */
    public OidcSettings build() {
      return new OidcSettings(
          issuer,
          audience,
          jwks,
          principalClaim,
          tenantClaim,
          rolesClaim,
          algorithms,
          clockSkew,
          actsForClaim,
          breakGlassRole);
    }
  }
}
