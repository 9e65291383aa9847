package io.medulla.security;

import com.nimbusds.jwt.JWTClaimsSet;
import io.medulla.inference.TenantId;
import io.medulla.tenancy.AuthMethod;
import io.medulla.tenancy.AuthOutcome;
import io.medulla.tenancy.Principal;
import io.medulla.tenancy.Role;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Checks the claims of a token whose signature is good, and maps them to a principal: issuer,
 * audience, lifetime, then who, which tenant and which roles.
 */
final class TokenClaims {
  private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final int MAX_PRINCIPAL_LENGTH = 256;

  private final OidcSettings settings;

  TokenClaims(OidcSettings settings) {
    this.settings = settings;
  }

  /** Returns the principal the claims name, or why they are refused, as of {@code now}. */
  AuthOutcome check(JWTClaimsSet claims, Instant now) {
    String subject = principalId(claims.getClaim(settings.principalClaim()));
    String hint = subject == null ? "" : subject;
    try {
      if (!settings.issuer().equals(claims.getIssuer())) {
        return JwtAuthenticator.rejected("issuer", hint);
      }
      List<String> audience = claims.getAudience();
      if (audience == null || !audience.contains(settings.audience())) {
        return JwtAuthenticator.rejected("audience", hint);
      }
      Date exp = claims.getDateClaim("exp");
      if (exp == null) {
        return JwtAuthenticator.rejected("no expiry", hint);
      }
      if (!now.isBefore(exp.toInstant().plus(settings.clockSkew()))) {
        return JwtAuthenticator.rejected("expired", hint);
      }
      Date nbf = claims.getDateClaim("nbf");
      if (nbf != null && now.isBefore(nbf.toInstant().minus(settings.clockSkew()))) {
        return JwtAuthenticator.rejected("not yet valid", hint);
      }
      Date iat = claims.getDateClaim("iat");
      if (iat != null && iat.toInstant().isAfter(now.plus(settings.clockSkew()))) {
        return JwtAuthenticator.rejected("issued in the future", hint);
      }
    } catch (ParseException e) {
      return JwtAuthenticator.rejected("malformed", hint);
    }
    if (subject == null) {
      return JwtAuthenticator.rejected("subject", hint);
    }
    return principal(claims, subject);
  }

  private AuthOutcome principal(JWTClaimsSet claims, String subject) {
    if (!(claim(claims, settings.tenantClaim()) instanceof String tenant)
        || !TENANT.matcher(tenant).matches()) {
      return JwtAuthenticator.rejected("tenant", subject);
    }
    List<String> names = strings(claim(claims, settings.rolesClaim()));
    if (names == null) {
      return JwtAuthenticator.rejected("roles", subject);
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    boolean breakGlass = false;
    for (String name : names) {
      Role.fromName(name).ifPresent(roles::add);
      breakGlass |= name.equalsIgnoreCase(settings.breakGlassRole());
    }
    if (roles.isEmpty()) {
      return JwtAuthenticator.rejected("roles", subject);
    }
    Set<TenantId> actsFor = new HashSet<>();
    String actsForClaim = settings.actsForClaim();
    Object listed = actsForClaim == null ? null : claim(claims, actsForClaim);
    if (listed != null) {
      List<String> tenants = strings(listed);
      if (tenants == null
          || !roles.contains(Role.GATEWAY)
          || !tenants.stream().allMatch(t -> TENANT.matcher(t).matches())) {
        return JwtAuthenticator.rejected("acts_for", subject);
      }
      tenants.forEach(t -> actsFor.add(new TenantId(t)));
    }
    return new AuthOutcome.Authenticated(
        new Principal(subject, new TenantId(tenant), roles, actsFor, breakGlass, AuthMethod.JWT));
  }

  /** Returns a claim by name; a dotted name reaches into objects when no claim has that name. */
  private static @Nullable Object claim(JWTClaimsSet claims, String name) {
    Object value = claims.getClaim(name);
    if (value != null || name.indexOf('.') < 0) {
      return value;
    }
    Object at = claims.getClaims();
    for (String part : name.split("\\.", -1)) {
      if (!(at instanceof Map<?, ?> map)) {
        return null;
      }
      at = map.get(part);
    }
    return at;
  }

  /** Returns a list of strings, or one space-separated string split; {@code null} otherwise. */
  private static @Nullable List<String> strings(@Nullable Object value) {
    if (value instanceof String s) {
      return List.of(s.trim().split("\\s+"));
    }
    if (!(value instanceof List<?> list)) {
      return null;
    }
    List<String> out = new ArrayList<>(list.size());
    for (Object o : list) {
      if (!(o instanceof String s)) {
        return null;
      }
      out.add(s);
    }
    return out;
  }

  private static @Nullable String principalId(@Nullable Object value) {
    if (!(value instanceof String s)
        || s.isBlank()
        || s.length() > MAX_PRINCIPAL_LENGTH
        || s.chars().anyMatch(Character::isISOControl)) {
      return null;
    }
    return s;
  }
}
